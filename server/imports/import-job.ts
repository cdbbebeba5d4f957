import type { AuditActor } from "../audit/record-audit";
import type { Db } from "../db";
import { announceImportEnd } from "./announce-import";
import type { SqlQueryable } from "../db/driver";
import type { ImportKind } from "../db/generated/prisma/enums";
import type { Rejected } from "../../lib/imports/types";

export type ImportCounts = {
  rows: number;
  imported: number;
  duplicates: number;
  rejected: number;
  blankLines: number;
};

export type ImportSummary = ImportCounts & {
  importId: string;
  kind: ImportKind;
  /** For recipients and messages: the incident's totals after the import. */
  matched?: number;
  unmatched?: number;
  /** For accounts: existing accounts whose details changed. */
  updated?: number;
  ms: number;
  /** Milliseconds spent in each phase: reading (parse and stage), applying, ranking. */
  phases: Record<string, number>;
};

export type StartImport = {
  id?: string;
  kind: ImportKind;
  incidentId: string | null;
  fileName: string;
  bytesTotal: number | null;
  actor: AuditActor;
  options?: Record<string, string>;
  /** When the automatic timeline event says it happened (default: now). */
  timelineAt?: Date;
};

export async function startImportJob(db: Db, input: StartImport): Promise<string> {
  const job = await db.prisma.importJob.create({
    data: {
      ...(input.id ? { id: input.id } : {}),
      kind: input.kind,
      incidentId: input.incidentId,
      fileName: input.fileName.slice(0, 500),
      bytesTotal: input.bytesTotal,
      startedById: input.actor?.id ?? null,
      options: input.options ?? undefined,
    },
    select: { id: true },
  });
  return job.id;
}

/**
 * Progress of a running import, written at most every 250 ms so that a
 * million-row file does not turn into a million updates. Rejects are kept in
 * import_rejects for the browser and for `--rejects`.
 */
export class ImportProgress {
  private lastWrite = 0;
  private pendingRejects: Rejected[] = [];
  private readonly marks: [string, number][] = [["reading", performance.now()]];
  counts: ImportCounts = { rows: 0, imported: 0, duplicates: 0, rejected: 0, blankLines: 0 };
  bytesRead = 0;

  constructor(
    private readonly db: Db,
    readonly importId: string,
    private readonly onProgress?: (progress: { phase: string; bytesRead: number; counts: ImportCounts }) => void,
  ) {}

  async batch(batch: { rows: number; rejects: Rejected[]; blankLines: number; bytesRead: number }): Promise<void> {
    this.counts.rows += batch.rows + batch.rejects.length;
    this.counts.rejected += batch.rejects.length;
    this.counts.blankLines += batch.blankLines;
    this.bytesRead = batch.bytesRead;
    this.pendingRejects.push(...batch.rejects);
    if (this.pendingRejects.length >= 2_000) await this.flushRejects();
    const now = Date.now();
    if (now - this.lastWrite >= 250) {
      this.lastWrite = now;
      await this.write("reading");
    }
  }

  /** Rejects found while applying (e.g. an account e-mail already in use), kept in the apply's transaction. */
  async reject(tx: SqlQueryable, rejects: Rejected[]): Promise<void> {
    this.counts.rejected += rejects.length;
    this.pendingRejects.push(...rejects);
    await this.flushRejects(tx);
  }

  /** Notes when a phase begins, without writing (safe inside a transaction). */
  mark(phase: string): void {
    this.marks.push([phase, performance.now()]);
  }

  phaseTimes(): Record<string, number> {
    const times: Record<string, number> = {};
    const end = performance.now();
    this.marks.forEach(([name, at], i) => {
      times[name] = Math.round((this.marks[i + 1]?.[1] ?? end) - at);
    });
    return times;
  }

  async phase(phase: string): Promise<void> {
    this.mark(phase);
    await this.flushRejects();
    await this.write(phase);
  }

  private async write(phase: string): Promise<void> {
    this.onProgress?.({ phase, bytesRead: this.bytesRead, counts: this.counts });
    await this.db.sql.query(
      `UPDATE import_jobs SET phase = $2, bytes_read = $3, rows = $4, rejected = $5, blank_lines = $6 WHERE id = $1`,
      [this.importId, phase, this.bytesRead, this.counts.rows, this.counts.rejected, this.counts.blankLines],
    );
  }

  async flushRejects(sql: SqlQueryable = this.db.sql): Promise<void> {
    if (this.pendingRejects.length === 0) return;
    const rejects = this.pendingRejects;
    this.pendingRejects = [];
    await sql.query(
      `INSERT INTO import_rejects (import_id, line, reason, raw)
       SELECT $1, u.line, u.reason, u.raw FROM unnest($2::int[], $3::text[], $4::text[]) AS u(line, reason, raw)`,
      [
        this.importId,
        rejects.map((r) => r.line),
        rejects.map((r) => noNul(r.reason)),
        rejects.map((r) => noNul(r.raw)),
      ],
    );
  }
}

// A rejected row is kept as it was, but PostgreSQL's text cannot hold a NUL
// (the parsers refuse raw NUL bytes; an escaped one can still reach a reason).
function noNul(text: string): string {
  return text.includes("\u0000") ? text.replaceAll("\u0000", "\uFFFD") : text;
}

/**
 * The job completed, in the transaction that applied its rows: a crash can
 * leave the import applied and recorded, or neither.
 */
export async function completeImportJob(tx: SqlQueryable, summary: Omit<ImportSummary, "ms" | "phases" | "kind">): Promise<void> {
  const [job] = await tx.query<{ incident_id: string | null }>(
    `UPDATE import_jobs SET status = 'completed', phase = 'done', finished_at = now(), rows = $2, imported = $3,
            duplicates = $4, rejected = $5, blank_lines = $6, matched = $7, unmatched = $8,
            bytes_read = coalesce(bytes_total, bytes_read)
      WHERE id = $1 RETURNING incident_id::text`,
    [
      summary.importId,
      summary.rows,
      summary.imported,
      summary.duplicates,
      summary.rejected,
      summary.blankLines,
      summary.matched ?? null,
      summary.unmatched ?? null,
    ],
  );
  if (job) {
    await announceImportEnd(tx, { importId: summary.importId, incidentId: job.incident_id, ok: true, rows: summary.rows, imported: summary.imported });
  }
}

/**
 * The job failed, if it was still running; its status afterwards. Not
 * "failed" only when it had completed: the error came after its rows
 * committed.
 */
export async function failImportJob(db: Db, importId: string, message: string): Promise<string> {
  return db.sql.transaction(async (tx) => {
    const [job] = await tx.query<{ incident_id: string | null }>(
      `UPDATE import_jobs SET status = 'failed', phase = 'failed', finished_at = now(), error = $2
        WHERE id = $1 AND status = 'running' RETURNING incident_id::text`,
      [importId, message.slice(0, 2000)],
    );
    if (job) {
      await announceImportEnd(tx, { importId, incidentId: job.incident_id, ok: false, error: message });
      return "failed";
    }
    const [now] = await tx.query<{ status: string }>(`SELECT status::text AS status FROM import_jobs WHERE id = $1`, [importId]);
    return now?.status ?? "failed";
  });
}

/**
 * Imports still "running" when the process starts were interrupted: their
 * rows were only ever staged (in session-scoped temporary tables), so the
 * incident is as it was; mark them failed so nobody waits for them.
 */
export async function failInterruptedImports(sql: SqlQueryable): Promise<number> {
  const rows = await sql.query<{ id: string }>(
    `UPDATE import_jobs SET status = 'failed', phase = 'failed', finished_at = now(),
            error = 'Interrupted before it finished; nothing from it was applied. Run it again.'
      WHERE status = 'running' RETURNING id`,
  );
  return rows.length;
}
