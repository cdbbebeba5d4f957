import { ImportFormatError } from "../../lib/imports/types";
import { appendAuditEntries } from "../audit/record-audit";
import type { Db } from "../db";
import { AppError, isAppError, prismaErrorCode } from "../errors";
import type { SqlQueryable } from "../db/driver";
import { recordSystemTimelineEvent } from "../timeline/record-timeline-event";
import {
  completeImportJob,
  failImportJob,
  ImportProgress,
  startImportJob,
  type ImportCounts,
  type ImportSummary,
  type StartImport,
} from "./import-job";

/** How often a running import says it is alive, and how long a silence means it died. */
const IMPORT_HEARTBEAT_MS = 5_000;
export const IMPORT_SILENCE_MS = 20_000;

export type ProgressListener = (progress: { phase: string; bytesRead: number; counts: ImportCounts }) => void;

/** What an importer learnt while applying; the rest of the counts come from its progress. */
type ImportResult = Omit<ImportSummary, "importId" | "kind" | "ms" | "phases" | keyof ImportCounts> & Partial<ImportCounts>;

/**
 * Records the import as completed (the job, its audit entry, its timeline
 * event) inside the transaction that applies its rows, as that transaction's
 * last step: the two commit together or not at all.
 */
export type FinishImport = (tx: SqlQueryable, result: ImportResult) => Promise<void>;

type ImportBody = (progress: ImportProgress, finish: FinishImport) => Promise<void>;

const KIND_LABEL = {
  recipients: "Leaked-recipient list",
  messages: "Sent messages",
  accounts: "Customer directory",
  events: "Security events",
} as const;

/**
 * The lifecycle every import shares: a job row (progress for the browser),
 * the body, which applies the rows and, in the same transaction, records the
 * job completed with an audit entry and, for incident imports, a timeline
 * event with the counts (`finish`); or the job marked failed. A file that
 * cannot be read at all becomes a VALIDATION error naming the problem.
 */
export async function runImport(
  db: Db,
  job: StartImport,
  onProgress: ProgressListener | undefined,
  body: ImportBody,
): Promise<ImportSummary> {
  const started = Date.now();
  let importId: string;
  try {
    importId = await startImportJob(db, job);
  } catch (error) {
    if (prismaErrorCode(error) === "P2002")
      throw new AppError("CONFLICT", "An import with this id already exists.");
    throw error;
  }
  const progress = new ImportProgress(db, importId, onProgress);
  // On PostgreSQL the import's process may die while others run on: its
  // heartbeat stops and a worker's sweep marks it interrupted (see
  // sweepExpired). PGlite has one process: whoever opens it next does that.
  const heartbeat =
    db.sql.kind === "postgres"
      ? setInterval(() => {
          db.sql.query(`UPDATE import_jobs SET heartbeat_at = now() WHERE id = $1`, [importId]).catch(() => undefined);
        }, IMPORT_HEARTBEAT_MS)
      : undefined;
  // Set by finish; it counts only once the job says "completed" (its transaction committed).
  let summary: Counted | null = null;
  const finish: FinishImport = async (tx, result) => {
    summary = summarize(importId, job, progress, result);
    await completeImportJob(tx, summary);
    await recordCompletion(tx, job, summary);
  };
  try {
    await body(progress, finish);
  } catch (error) {
    const message =
      error instanceof ImportFormatError || isAppError(error)
        ? error.message
        : "The import failed unexpectedly; nothing from it was applied.";
    const status = await failImportJob(db, importId, message).catch(() => "failed");
    // The error came after the rows and the job's completion committed (in
    // cleaning up): the import is done, as its job says.
    if (status === "completed" && summary) return timed(summary, progress, started);
    if (error instanceof ImportFormatError) throw new AppError("VALIDATION", error.message);
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
  if (!summary) throw new Error(`The ${job.kind} import ended without recording its result`);
  return timed(summary, progress, started);
}

/** What the import did, before its time is known. */
type Counted = Omit<ImportSummary, "ms" | "phases">;

/** The import's time, and its last phase's, up to its commit and clean-up. */
function timed(summary: Counted, progress: ImportProgress, started: number): ImportSummary {
  return { ...summary, ms: Date.now() - started, phases: progress.phaseTimes() };
}

function summarize(importId: string, job: StartImport, progress: ImportProgress, result: ImportResult): Counted {
  const counts = { ...progress.counts, ...result };
  return {
    importId,
    kind: job.kind,
    rows: counts.rows,
    imported: counts.imported,
    duplicates: counts.duplicates,
    rejected: counts.rejected,
    blankLines: counts.blankLines,
    ...(result.matched !== undefined ? { matched: result.matched, unmatched: result.unmatched } : {}),
    ...(result.updated !== undefined ? { updated: result.updated } : {}),
  };
}

/** For an incident's import, its timeline event with the counts; then the import's audit entry. */
async function recordCompletion(tx: SqlQueryable, job: StartImport, summary: Counted): Promise<void> {
  if (job.incidentId) await recordImportEvent(tx, { ...job, incidentId: job.incidentId }, summary);
  // Last: the audit chain's head stays locked until the commit, and the
  // timeline's rows lock their writer's staff row (other writers take that
  // row first, then the head).
  await appendAuditEntries(tx, [
    {
      actor: job.actor,
      action: `import.${job.kind}.completed`,
      incidentId: job.incidentId,
      targetType: "import_job",
      targetId: summary.importId,
      detail: {
        fileName: job.fileName,
        rows: summary.rows,
        imported: summary.imported,
        duplicates: summary.duplicates,
        rejected: summary.rejected,
      },
    },
  ]);
}

/** The incident's timeline event for an import, with its counts. */
async function recordImportEvent(tx: SqlQueryable, job: StartImport & { incidentId: string }, summary: Counted): Promise<void> {
  const matched =
    summary.matched !== undefined
      ? ` The incident now has ${summary.matched.toLocaleString("en-GB")} matched and ${summary.unmatched!.toLocaleString("en-GB")} unmatched exposed addresses.`
      : "";
  await recordSystemTimelineEvent(
    tx,
    {
      incidentId: job.incidentId,
      occurredAt: job.timelineAt ?? new Date(),
      category: "detection",
      source: "system",
      externalId: `import:${summary.importId}`,
      title: `${KIND_LABEL[job.kind]} imported: ${summary.imported.toLocaleString("en-GB")} new of ${summary.rows.toLocaleString("en-GB")} rows`,
      body: `File ${job.fileName}: ${summary.rows} rows, ${summary.imported} imported, ${summary.duplicates} already known, ${summary.rejected} rejected.${matched}`,
    },
    job.actor,
  );
}

/**
 * The incident's exposed-address totals, from its maintained summary (the
 * triage rows counted by refreshIncidentStats, which every import calls).
 */
export async function matchTotals(sql: SqlQueryable, incidentId: string): Promise<{ matched: number; unmatched: number }> {
  const [row] = await sql.query<{ matched: number; unmatched: number }>(
    `SELECT matched_accounts::int AS matched, (unique_addresses - matched_accounts)::int AS unmatched
       FROM incident_stats WHERE incident_id = $1`,
    [incidentId],
  );
  return { matched: row?.matched ?? 0, unmatched: row?.unmatched ?? 0 };
}
