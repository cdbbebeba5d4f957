import { formatCount } from "../../lib/format/numbers";
import { appendAuditEntries } from "../audit/record-audit";
import type { SqlQueryable } from "../db/driver";
import { recordSystemTimelineEvent } from "../timeline/record-timeline-event";

export type ForgetStepName = "pseudonymise" | "erase";

const DONE = { pseudonymise: "pseudonymised", erase: "erased" } as const;

const TITLES = {
  pseudonymise: "Personal data pseudonymised",
  erase: "Personal data erased",
} as const;

/**
 * A run's counts (incident_forget_runs.counts): rows changed or removed, by
 * table, and under `kept` the rows it left to other incidents instead
 * (security events of accounts they still expose), by table.
 */
export type ForgetCounts = { [table: string]: number | Record<string, number> | undefined; kept?: Record<string, number> };

/** The rows changed or removed, by table: `kept` is not among them. */
export function forgottenRows(counts: ForgetCounts): [string, number][] {
  return Object.entries(counts).filter((entry): entry is [string, number] => typeof entry[1] === "number");
}

function describeCounts(counts: ForgetCounts): string {
  const list = (entries: [string, number][]) =>
    entries
      .filter(([, n]) => n > 0)
      .map(([table, n]) => `${table.replace(/_/g, " ")}: ${formatCount(n)}`)
      .join("; ");
  const forgotten = list(forgottenRows(counts));
  const kept = list(Object.entries(counts.kept ?? {}));
  return [forgotten, kept ? `kept for other incidents that still expose the accounts: ${kept}` : ""].filter(Boolean).join(". ");
}

/**
 * The step's audit entry and its timeline event, in its last unit's
 * transaction (once: the run's cursor moves past its units in the same
 * transaction). Both name tables and counts, never an address. The timeline
 * event's own audit entry is written with it.
 */
export async function recordForgetStep(
  tx: SqlQueryable,
  run: {
    id: string;
    incidentId: string;
    step: ForgetStepName;
    counts: ForgetCounts;
    auditHeadBefore: string | null;
  },
  at: Date,
): Promise<void> {
  await recordSystemTimelineEvent(
    tx,
    {
      incidentId: run.incidentId,
      occurredAt: at,
      category: "eradication",
      source: "system",
      title: TITLES[run.step],
      body: [
        run.step === "pseudonymise"
          ? "Addresses replaced by keyed hashes, names and free text cleared; the key is destroyed."
          : "The pseudonymised rows are removed; the incident's numbers, timeline and summaries are kept.",
        describeCounts(run.counts) ? `Rows: ${describeCounts(run.counts)}.` : "",
        `Forget run ${run.id}.`,
      ]
        .filter(Boolean)
        .join("\n"),
      externalId: `forget:${run.id}`,
    },
    null,
  );
  await appendAuditEntries(tx, [
    {
      actor: null,
      at,
      action: `incident.${DONE[run.step]}`,
      incidentId: run.incidentId,
      targetType: "incident_forget_run",
      targetId: run.id,
      detail: { step: run.step, counts: run.counts, auditHeadBefore: run.auditHeadBefore },
    },
  ]);
}
