// The certificate of erasure: what forgetting an incident removed or replaced,
// how many rows of each kind, when, by which run, and the audit chain's head
// before and after each step (so the entries written meanwhile are pinned).

export type ForgetStepName = "pseudonymise" | "erase";

type ErasureCertificateStep = {
  step: ForgetStepName;
  /** The forget run (incident_forget_runs.id) that did it. */
  runId: string;
  startedAt: string | null;
  finishedAt: string;
  /** Rows changed (pseudonymise) or removed (erase), by table. */
  rows: Record<string, number>;
  totalRows: number;
  /** Rows neither changed nor removed but left to other incidents that still expose the accounts (security events), by table. */
  kept: Record<string, number>;
  auditHeadBefore: string | null;
  auditHeadAfter: string | null;
};

export type ErasureCertificate = {
  incident: { id: string; slug: string };
  issuedAt: string;
  pseudonymisedAt: string | null;
  erasedAt: string | null;
  steps: ErasureCertificateStep[];
  statement: string;
};

export const STEP_LABELS: Record<ForgetStepName, string> = {
  pseudonymise: "Pseudonymised (addresses replaced by a keyed hash, the key destroyed)",
  erase: "Erased (pseudonymised rows removed, aggregates kept)",
};

type RunInput = {
  id: string;
  step: ForgetStepName;
  counts: unknown;
  startedAt: Date | null;
  finishedAt: Date;
  auditHeadBefore: string | null;
  auditHeadAfter: string | null;
};

/** Rows by table from a run's counts (jsonb {table: rows}); anything that is not a count is left out. */
function rowCounts(counts: unknown): Record<string, number> {
  if (!counts || typeof counts !== "object" || Array.isArray(counts)) return {};
  const rows: Record<string, number> = {};
  for (const [table, n] of Object.entries(counts as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) {
    if (typeof n === "number" && Number.isInteger(n) && n >= 0) rows[table] = n;
  }
  return rows;
}

/** The certificate of an incident's finished forget runs (pseudonymise first); null when none has finished. */
export function erasureCertificate(
  incident: { id: string; slug: string; pseudonymisedAt: Date | null; erasedAt: Date | null },
  runs: readonly RunInput[],
  issuedAt: Date,
): ErasureCertificate | null {
  if (runs.length === 0) return null;
  const order: ForgetStepName[] = ["pseudonymise", "erase"];
  const steps = [...runs]
    .sort((a, b) => order.indexOf(a.step) - order.indexOf(b.step))
    .map<ErasureCertificateStep>((run) => {
      const rows = rowCounts(run.counts);
      return {
        step: run.step,
        runId: run.id,
        startedAt: run.startedAt?.toISOString() ?? null,
        finishedAt: run.finishedAt.toISOString(),
        rows,
        totalRows: Object.values(rows).reduce((sum, n) => sum + n, 0),
        kept: rowCounts((run.counts as { kept?: unknown } | null)?.kept),
        auditHeadBefore: run.auditHeadBefore,
        auditHeadAfter: run.auditHeadAfter,
      };
    });
  const erased = steps.some((s) => s.step === "erase");
  return {
    incident: { id: incident.id, slug: incident.slug },
    issuedAt: issuedAt.toISOString(),
    pseudonymisedAt: incident.pseudonymisedAt?.toISOString() ?? null,
    erasedAt: incident.erasedAt?.toISOString() ?? null,
    steps,
    statement: erased
      ? "The personal data of this incident was pseudonymised and then erased; only aggregates and this record remain."
      : "The personal data of this incident was pseudonymised; the pseudonymised remainder is erased at the end of retention.",
  };
}
