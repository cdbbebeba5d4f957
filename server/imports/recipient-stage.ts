import { crashPoint } from "../jobs/crash-point";
import { raiseWorkMemForBulk } from "../db/bulk-work-mem";
import {
  attachIncidentTable,
  BULK_MIN_ROWS,
  createIncidentTable,
  incidentPartition,
  lockIncidentForBulkWrite,
} from "../db/incident-partition";
import type { SqlQueryable, SqlSession } from "../db/driver";
import { rebuildTriageCounted, refreshImportStats } from "../incidents/refresh-incident-stats";
import { rebuildTriage } from "../triage/rebuild-triage";
import type { ImportProgress } from "./import-job";
import { matchTotals, type FinishImport } from "./run-import";
import { StageTable } from "./stage-table";

export type StagedRecipient = {
  /**
   * Trimmed (a batch id cell, a Message-ID or a digest). Null: the incident's
   * group of rows without a batch or message id.
   */
  batchKey: string | null;
  sentAt: Date | null;
  subject?: string | null;
  emailOriginal: string;
  emailNormalized: string;
  displayName: string | null;
  /** Absent: a list, which does not say. */
  visibility?: "to" | "cc" | "bcc";
};

// Rows without a batch or message id form one exposure group per incident,
// stored under this key (leak_messages.batch_key cannot be NULL). It starts
// with a space, which no trimmed batch id or Message-ID does: rows whose batch
// column says "unbatched" keep a group of their own instead of sharing this
// one, whose members would be counted as having seen them. Shown, it still
// reads "unbatched".
const UNBATCHED = " unbatched";

const COLUMNS: [string, string][] = [
  ["batch_key", "text NOT NULL"],
  ["sent_at", "timestamptz"],
  ["subject", "text"],
  // NULL when the address was written exactly as its normalised form (most rows):
  // half the bytes to encode, send and store.
  ["email_original", "text"],
  ["email_normalized", 'text COLLATE "C" NOT NULL'],
  ["display_name", "text"],
  ["visibility", "text NOT NULL"],
];

/**
 * Where an import's recipients wait, checked, until `applyRecipientStage`
 * adds them to the incident in one transaction (see StageTable).
 */
export class RecipientStage {
  // Consecutive rows mostly share their sent-at: format it once.
  private lastSentAt = Number.NaN;
  private lastSentAtText = "";

  private constructor(private readonly stage: StageTable) {}

  get table(): string {
    return this.stage.table;
  }

  static async create(session: SqlSession): Promise<RecipientStage> {
    return new RecipientStage(await StageTable.create(session, "stage_recipients", COLUMNS));
  }

  /** Encodes rows for COPY directly: this runs once per leaked address. */
  add(rows: readonly StagedRecipient[]): Promise<void> {
    const out = this.stage.encoded;
    for (const r of rows) {
      out.text(r.batchKey ?? UNBATCHED);
      if (r.sentAt === null) {
        out.text(null);
      } else {
        const time = r.sentAt.getTime();
        if (time !== this.lastSentAt) {
          this.lastSentAt = time;
          this.lastSentAtText = r.sentAt.toISOString();
        }
        out.text(this.lastSentAtText);
      }
      out.text(r.subject);
      // The normaliser returns the very string it was given when nothing changes.
      out.text(r.emailOriginal === r.emailNormalized ? null : r.emailOriginal);
      out.text(r.emailNormalized);
      out.text(r.displayName);
      out.text(r.visibility ?? "unknown");
      out.endRow();
    }
    return this.stage.added();
  }

  close(): Promise<void> {
    return this.stage.close();
  }

  /** See StageTable.drop: for a `finally`, once the stage is applied or the import failed. */
  drop(): Promise<void> {
    return this.stage.drop();
  }
}

type AppliedRecipients = {
  inserted: number;
  /** Of those, the exposed ones (not Bcc'd), which the incident's summary counts. */
  exposed: number;
  /** Messages that existed before this import and gained exposed recipients in it. */
  grownMessages: number[];
  messagesCreated: number;
  /**
   * The incident's first large import goes into a table of its own, to be
   * attached (and then ranked from) as the incident's partition of
   * leaked_recipients (attachIncidentTable); null when the rows went in row
   * by row.
   */
  unattached: string | null;
};

/**
 * Applies a closed stage to the incident, inside the caller's transaction:
 * one exposure group (leak_messages row) per batch key, then the recipients,
 * matched to accounts by normalised address. Rows already in the incident
 * (same message and address), and repeats within the file, are skipped.
 *
 * Written for a million rows: no per-row conflict handling (the skip is a
 * set operation, and only where a message existed before this import), rows
 * inserted in primary-key order, and a hash join against the directory. An
 * incident's first large import goes into a table of its own whose key is
 * built after loading (see AppliedRecipients.unattached).
 */
async function applyRecipientStage(
  tx: SqlQueryable,
  input: { incidentId: string; table: string; source: string; staged: number },
): Promise<AppliedRecipients> {
  const { incidentId, table, source } = input;
  // One apply per incident at a time: the duplicate check below reads the
  // incident's rows, so a concurrent import must not add to them meanwhile.
  await lockIncidentForBulkWrite(tx, incidentId);
  // Sorting and hashing a million rows in memory instead of on disk.
  await raiseWorkMemForBulk(tx);
  // No JIT for these statements: their per-row work is a hash probe, a sort
  // and an insert, which compiled expressions do not speed up, and at a
  // million rows PostgreSQL spent about half a second of CPU compiling them
  // (PGlite has no JIT). Restored for what follows.
  const [planner] = await tx.query<{ jit: string }>(`SELECT current_setting('jit') AS jit`);
  await tx.exec(`SET LOCAL jit = off`);
  // One statement, one pass over the stage: the outer query runs on the
  // statement's snapshot, so it sees the messages that existed before, not
  // the ones the CTE creates.
  const [messages] = await tx.query<{ created: number; existing: number[] }>(
    `WITH batches AS (
       SELECT batch_key, min(sent_at) AS sent_at, min(subject) AS subject FROM ${table} GROUP BY batch_key
     ), created AS (
       INSERT INTO leak_messages (incident_id, batch_key, sent_at, subject, source)
       SELECT $1, batch_key, sent_at, subject, $2 FROM batches
       ON CONFLICT (incident_id, batch_key) DO NOTHING
       RETURNING 1)
     SELECT (SELECT count(*) FROM created)::int AS created,
            coalesce((SELECT array_agg(m.id) FROM leak_messages m JOIN batches b ON b.batch_key = m.batch_key
                       WHERE m.incident_id = $1), '{}') AS existing`,
    [incidentId, source],
  );
  const [{ empty } = { empty: false }] = await tx.query<{ empty: boolean }>(
    `SELECT NOT EXISTS (SELECT 1 FROM leaked_recipients WHERE incident_id = $1) AS empty`,
    [incidentId],
  );
  // An incident's first large import: into a table of its own, whose key is
  // built once loaded. Nothing is there yet to skip.
  const unattached =
    empty && input.staged >= BULK_MIN_ROWS ? await createIncidentTable(tx, "leaked_recipients", incidentId) : null;
  const existing = unattached ? [] : (messages?.existing ?? []);
  // Fresh statistics, or the planner expects a handful of messages and probes
  // the directory's index once per row instead of hashing it once.
  await tx.exec(`ANALYZE leak_messages`);
  // Rows of messages that existed before this import may be there already.
  const skipKnown = existing.length
    ? `WHERE NOT (m.id = ANY($2::int[]) AND EXISTS (
         SELECT 1 FROM leaked_recipients r
          WHERE r.incident_id = $1 AND r.email_normalized = s.email_normalized AND r.message_id = m.id))`
    : "";
  const insert = `INSERT INTO ${unattached ?? "leaked_recipients"} (incident_id, message_id, email_original, email_normalized, display_name, visibility, account_id)
       -- DISTINCT ON over rows sorted in key order drops repeats within the file for free.
       -- A mailbox both in To and in Bcc of one message keeps its exposed row.
       SELECT DISTINCT ON (s.email_normalized, m.id)
              $1::uuid, m.id, coalesce(s.email_original, s.email_normalized), s.email_normalized, s.display_name,
              s.visibility::"ExposureVisibility", a.id
         FROM ${table} s
         JOIN leak_messages m ON m.incident_id = $1 AND m.batch_key = s.batch_key
         LEFT JOIN customer_accounts a ON a.email_normalized = s.email_normalized
         ${skipKnown}
        ORDER BY s.email_normalized, m.id, s.visibility = 'bcc'`;
  const perMessage = `SELECT message_id, count(*)::int AS n, (count(*) FILTER (WHERE visibility <> 'bcc'))::int AS exposed`;
  type Count = { message_id: number; n: number; exposed: number };
  let counts: Count[];
  if (unattached) {
    // The table of its own holds this import's rows and no other: counted
    // there afterwards, in one scan, instead of handing a million inserted
    // rows back through RETURNING (0.5 to 1 s of the server's CPU at a
    // million rows).
    await tx.query(insert, [incidentId]);
    counts = await tx.query<Count>(`${perMessage} FROM ${unattached} GROUP BY message_id`);
  } else {
    counts = await tx.query<Count>(
      `WITH inserted AS (${insert} RETURNING message_id, visibility) ${perMessage} FROM inserted GROUP BY message_id`,
      existing.length ? [incidentId, existing] : [incidentId],
    );
  }
  await tx.query(`SELECT set_config('jit', $1, true)`, [planner!.jit]);
  const inserted = counts.reduce((sum, c) => sum + c.n, 0);
  // After a bulk load the planner's row estimates are stale until autovacuum
  // catches up; the statements that follow in this transaction need them.
  if (inserted > 20_000) {
    await tx.exec(
      `ANALYZE ${unattached ?? (await incidentPartition(tx, "leaked_recipients", incidentId)) ?? "leaked_recipients_default"}`,
    );
  }
  const grown = counts.filter((c) => c.exposed > 0);
  if (grown.length) {
    await tx.query(
      `UPDATE leak_messages m SET recipient_count = m.recipient_count + c.exposed
         FROM unnest($1::int[], $2::int[]) AS c(message_id, exposed)
        WHERE m.id = c.message_id`,
      [grown.map((c) => c.message_id), grown.map((c) => c.exposed)],
    );
  }
  const exposed = counts.reduce((sum, c) => sum + c.exposed, 0);
  const earlier = new Set(existing);
  return {
    inserted,
    exposed,
    grownMessages: grown.filter((c) => earlier.has(c.message_id)).map((c) => c.message_id),
    messagesCreated: messages?.created ?? 0,
    unattached,
  };
}

/**
 * The end of every recipient import (lists and messages alike): close the
 * stage, then in one transaction add the recipients (attaching the table of
 * their own, when they went into one), rank the touched addresses, refresh
 * the incident's numbers and record the import completed.
 */
export async function applyStagedRecipients(
  session: SqlSession,
  stage: RecipientStage,
  progress: ImportProgress,
  finish: FinishImport,
  input: { incidentId: string; source: string; staged: number },
): Promise<void> {
  await stage.close();
  await progress.phase("applying");
  await session.transaction(async (tx) => {
    const result = await applyRecipientStage(tx, {
      incidentId: input.incidentId,
      table: stage.table,
      source: input.source,
      staged: input.staged,
    });
    await crashPoint("import-apply");
    progress.mark("ranking");
    await rankApplied(tx, input.incidentId, stage, result);
    await finish(tx, {
      imported: result.inserted,
      duplicates: input.staged - result.inserted,
      ...(await matchTotals(tx, input.incidentId)),
    });
  });
  await crashPoint("import-committed");
}

/** The triage rows and numbers the applied recipients touched. */
async function rankApplied(tx: SqlQueryable, incidentId: string, stage: RecipientStage, result: AppliedRecipients): Promise<void> {
  // Nothing new (a list imported again): every triage row and number
  // already counts these recipients, and nothing else they depend on moved.
  if (result.inserted === 0 && result.messagesCreated === 0) return;
  const scope = {
    kind: "emails",
    table: stage.table,
    column: "email_normalized",
    grownMessages: result.grownMessages,
  } as const;
  if (result.unattached) {
    // Attached first: its primary key, built here anyway, hands the ranking
    // the recipients already in address order (see rebuildIntoPartition).
    await attachIncidentTable(tx, "leaked_recipients", incidentId, result.unattached);
    await rebuildTriage(tx, incidentId, scope, { strategy: "partition" });
    await refreshImportStats(tx, incidentId);
  } else {
    // The touched rows only, ranked and counted: a small list added to a
    // large incident costs its own rows, not a recount of the incident.
    await rebuildTriageCounted(tx, incidentId, scope, {
      recipients: result.exposed,
      messages: result.messagesCreated,
    });
  }
}
