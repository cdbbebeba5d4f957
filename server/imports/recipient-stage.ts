import type { Db } from "../db";
import type { SqlQueryable, SqlSession } from "../db/driver";
import { refreshIncidentStats } from "../incidents/refresh-incident-stats";
import { rebuildTriage } from "../triage/rebuild-triage";
import type { ImportProgress } from "./import-job";
import { matchTotals } from "./run-import";
import { StageTable } from "./stage-table";

export type StagedRecipient = {
  line: number;
  batchKey: string;
  sentAt: Date | null;
  subject: string | null;
  emailOriginal: string;
  emailNormalized: string;
  displayName: string | null;
  visibility: "to" | "cc" | "bcc" | "unknown";
};

const COLUMNS: [string, string][] = [
  ["line", "int NOT NULL"],
  ["batch_key", "text NOT NULL"],
  ["sent_at", "timestamptz"],
  ["subject", "text"],
  ["email_original", "text NOT NULL"],
  ["email_normalized", "text NOT NULL"],
  ["display_name", "text"],
  ["visibility", "text NOT NULL"],
];

/**
 * Where an import's recipients wait, checked, until `applyRecipientStage`
 * adds them to the incident in one transaction (see StageTable).
 */
export class RecipientStage {
  private constructor(private readonly stage: StageTable) {}

  get table(): string {
    return this.stage.table;
  }

  static async create(session: SqlSession): Promise<RecipientStage> {
    return new RecipientStage(await StageTable.create(session, "stage_recipients", COLUMNS));
  }

  add(rows: readonly StagedRecipient[]): Promise<void> {
    return this.stage.add(
      rows.map((r) => [
        r.line,
        r.batchKey,
        r.sentAt,
        r.subject,
        r.emailOriginal,
        r.emailNormalized,
        r.displayName,
        r.visibility,
      ]),
    );
  }

  close(): Promise<void> {
    return this.stage.close(["email_normalized"]);
  }
}

export type AppliedRecipients = { inserted: number; messagesCreated: number };

/**
 * Applies a closed stage to the incident, inside the caller's transaction:
 * one exposure group (leak_messages row) per batch key, then the recipients,
 * matched to accounts by normalised address. Re-imported rows (same
 * incident, message and address) are skipped by the unique constraint.
 */
export async function applyRecipientStage(
  tx: SqlQueryable,
  input: { incidentId: string; table: string; source: string },
): Promise<AppliedRecipients> {
  const { incidentId, table, source } = input;
  const [messages] = await tx.query<{ n: number }>(
    `WITH created AS (
       INSERT INTO leak_messages (incident_id, batch_key, sent_at, subject, source)
       SELECT $1, batch_key, min(sent_at), min(subject), $2 FROM ${table} GROUP BY batch_key
       ON CONFLICT (incident_id, batch_key) DO NOTHING
       RETURNING 1)
     SELECT count(*)::int AS n FROM created`,
    [incidentId, source],
  );
  const [recipients] = await tx.query<{ n: number }>(
    `WITH inserted AS (
       INSERT INTO leaked_recipients (incident_id, message_id, email_original, email_normalized, display_name, visibility, account_id)
       SELECT $1, m.id, s.email_original, s.email_normalized, s.display_name, s.visibility::"ExposureVisibility", a.id
         FROM ${table} s
         JOIN leak_messages m ON m.incident_id = $1 AND m.batch_key = s.batch_key
         LEFT JOIN customer_accounts a ON a.email_normalized = s.email_normalized
        -- In key order: a million inserts then walk the primary key
        -- instead of hopping around it.
        ORDER BY s.email_normalized, m.id
       ON CONFLICT (incident_id, email_normalized, message_id) DO NOTHING
       RETURNING 1)
     SELECT count(*)::int AS n FROM inserted`,
    [incidentId],
  );
  // After a bulk load the planner's row estimates are stale until autovacuum
  // catches up; the statements that follow in this transaction need them.
  if ((recipients?.n ?? 0) > 20_000) await tx.exec("ANALYZE leaked_recipients");
  await tx.query(
    `UPDATE leak_messages m SET recipient_count = c.n
       FROM (SELECT message_id, count(*)::int AS n FROM leaked_recipients
              WHERE incident_id = $1 AND visibility <> 'bcc'
                AND message_id IN (SELECT id FROM leak_messages WHERE incident_id = $1
                                     AND batch_key IN (SELECT DISTINCT batch_key FROM ${table}))
              GROUP BY message_id) c
      WHERE m.id = c.message_id AND m.recipient_count <> c.n`,
    [incidentId],
  );
  return { inserted: recipients?.n ?? 0, messagesCreated: messages?.n ?? 0 };
}

/**
 * The end of every recipient import (lists and messages alike): close the
 * stage, then in one transaction add the recipients, rank the touched
 * addresses and refresh the incident's numbers; report the counts.
 */
export async function applyStagedRecipients(
  db: Db,
  session: SqlSession,
  stage: RecipientStage,
  progress: ImportProgress,
  input: { incidentId: string; source: string; staged: number },
) {
  await stage.close();
  await progress.phase("applying");
  const applied = await session.transaction(async (tx) => {
    const result = await applyRecipientStage(tx, {
      incidentId: input.incidentId,
      table: stage.table,
      source: input.source,
    });
    progress.mark("ranking");
    await rebuildTriage(tx, input.incidentId, { kind: "emails", table: stage.table, column: "email_normalized" });
    await refreshIncidentStats(tx, input.incidentId);
    return result;
  });
  return {
    imported: applied.inserted,
    duplicates: input.staged - applied.inserted,
    ...(await matchTotals(db, input.incidentId)),
  };
}
