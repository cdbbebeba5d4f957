import type { ActionKind, SkipReason } from "../../lib/remediation/actions";

/**
 * A hold released as verified with the customer, with no security event on
 * the account after the release: the customer was checked, so a bulk hold
 * leaves them out unless the requester includes them on purpose. Over the
 * selected row `s`, its remediation `ar` and its last hold `wh`.
 */
const VERIFIED_RELEASE = `ar.hold_status = 'released' AND wh.release_code = 'verified_with_customer'`;
const EVENT_SINCE_RELEASE = `EXISTS (SELECT 1 FROM security_events e
                     WHERE e.account_id = s.account_id AND e.occurred_at > coalesce(wh.ended_at, ar.hold_changed_at))`;

/**
 * A hold item `oi` the exchange may have acted on: sent, and not settled
 * (in progress during a call, or back in the queue after a call that failed
 * and may have been applied). An item a batch skips or holds back is in
 * progress during the call too, but was never sent: counting it would let two
 * incidents each leave the account to the other.
 */
const ON_ITS_WAY = `oi.status IN ('queued', 'in_progress') AND oi.sent`;

/** Over a withdrawal_holds row `o`: an active hold on `account` in an incident other than `incident`. */
export function activeHoldElsewhereSql(account: string, incident: string, now: string): string {
  return `o.account_id = ${account} AND o.incident_id <> ${incident}::uuid AND o.status = 'active'
          AND (o.expires_at IS NULL OR o.expires_at > ${now}::timestamptz)`;
}

/** Over a hold item `oi` of bulk action `oa`: a hold on `account` on its way to the exchange in another incident. */
export function holdOnItsWayElsewhereSql(account: string, incident: string): string {
  return `oi.account_id = ${account} AND ${ON_ITS_WAY} AND oa.kind = 'withdrawal_hold' AND oa.incident_id <> ${incident}::uuid`;
}

/**
 * The exchange keeps one hold per account, and a later hold replaces the
 * earlier one (docs/provider-api.md). A second incident's hold on an account
 * another incident holds would change the first one's end at the exchange,
 * and releasing either would end both there: one incident's hold at a time.
 * Whether the account of `account` (a SQL expression) has an active hold in
 * an incident other than `incident`, or one on its way to the exchange
 * (ON_ITS_WAY: the hold's row is written when the exchange answers).
 */
export function heldElsewhereSql(account: string, incident: string, now: string): string {
  return `(EXISTS (SELECT 1 FROM withdrawal_holds o WHERE ${activeHoldElsewhereSql(account, incident, now)})
           OR EXISTS (SELECT 1 FROM bulk_action_items oi JOIN bulk_actions oa ON oa.id = oi.bulk_action_id
                       WHERE ${holdOnItsWayElsewhereSql(account, incident)}))`;
}

/**
 * Why an account of the selection is left out, as a SQL expression over the
 * selected row `s`, its remediation `ar` and (holds) its last hold `wh` (NULL:
 * it is acted on). `incident`, `now` and `cooldown` are SQL expressions for
 * the incident's id, the current time and the release cool-down in hours.
 */
export function skipReasonSql(kind: ActionKind, incident: string, now: string, cooldown: string, includeVerified = false): string {
  const holdActive = `(ar.hold_status = 'active' AND (ar.hold_until IS NULL OR ar.hold_until > ${now}::timestamptz))`;
  const cases: [string, SkipReason][] = [[`s.account_id IS NULL`, "no_account"]];
  if (kind === "password_reset")
    cases.push([`ar.reset_status IN ('requested', 'sent', 'completed')`, "reset_already_done"]);
  if (kind === "withdrawal_hold") {
    cases.push([holdActive, "hold_already_active"]);
    cases.push([heldElsewhereSql("s.account_id", incident, now), "held_in_another_incident"]);
    if (!includeVerified) cases.push([`${VERIFIED_RELEASE} AND NOT ${EVENT_SINCE_RELEASE}`, "verified_release"]);
    cases.push([
      `ar.hold_status = 'released' AND ar.hold_changed_at > ${now}::timestamptz - make_interval(secs => ${cooldown}::float8 * 3600)`,
      "recently_released",
    ]);
  }
  if (kind === "hold_release") cases.push([`NOT coalesce(${holdActive}, false)`, "no_active_hold"]);
  return `CASE ${cases.map(([when, reason]) => `WHEN ${when} THEN '${reason}'`).join(" ")} END`;
}

/** A hold's account by its earlier hold state (PRIOR_HOLD_STATES), over `s`, `ar` and `wh`. */
export function priorHoldStateSql(now: string): string {
  return `CASE WHEN ar.hold_status = 'expired' OR (ar.hold_status = 'active' AND ar.hold_until <= ${now}::timestamptz) THEN 'hold_expired'
               WHEN ${VERIFIED_RELEASE} AND ${EVENT_SINCE_RELEASE} THEN 'verified_new_event'
               WHEN ${VERIFIED_RELEASE} THEN 'verified_included'
               WHEN ar.hold_status = 'released' THEN 'released'
               ELSE 'never_held' END`;
}
