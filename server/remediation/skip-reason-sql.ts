import type { ActionKind, SkipReason } from "../../lib/remediation/actions";

/**
 * Why an account of the selection is left out, as a SQL expression over the
 * selected row `s` and its remediation `ar` (NULL: it is acted on).
 * `now` and `cooldown` are SQL expressions for the current time and the
 * release cool-down in hours.
 */
export function skipReasonSql(kind: ActionKind, now: string, cooldown: string): string {
  const holdActive = `(ar.hold_status = 'active' AND (ar.hold_until IS NULL OR ar.hold_until > ${now}::timestamptz))`;
  const cases: [string, SkipReason][] = [[`s.account_id IS NULL`, "no_account"]];
  if (kind === "password_reset")
    cases.push([`ar.reset_status IN ('requested', 'sent', 'completed')`, "reset_already_done"]);
  if (kind === "withdrawal_hold") {
    cases.push([holdActive, "hold_already_active"]);
    cases.push([
      `ar.hold_status = 'released' AND ar.hold_changed_at > ${now}::timestamptz - make_interval(secs => ${cooldown}::float8 * 3600)`,
      "recently_released",
    ]);
  }
  if (kind === "hold_release") cases.push([`NOT coalesce(${holdActive}, false)`, "no_active_hold"]);
  return `CASE ${cases.map(([when, reason]) => `WHEN ${when} THEN '${reason}'`).join(" ")} END`;
}
