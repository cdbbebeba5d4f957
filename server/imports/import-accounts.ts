import { parseAccountsCsv } from "../../lib/imports/accounts-csv";
import { truncateRaw, type AccountField, type Rejected } from "../../lib/imports/types";
import type { AuditActor } from "../audit/record-audit";
import type { Db } from "../db";
import type { SqlQueryable } from "../db/driver";
import { refreshImportStats } from "../incidents/refresh-incident-stats";
import { rebuildTriage } from "../triage/rebuild-triage";
import type { ImportSummary } from "./import-job";
import { runImport, type ProgressListener } from "./run-import";
import { StageTable, stageBatches } from "./stage-table";

export type AccountsImport = {
  fileName: string;
  bytesTotal: number | null;
  source: AsyncIterable<Buffer | string>;
  actor: AuditActor;
  importId?: string;
  onProgress?: ProgressListener;
};

const COLUMNS: [string, string][] = [
  ["line", "int NOT NULL"],
  ["external_id", 'text COLLATE "C" NOT NULL'],
  ["email", "text NOT NULL"],
  ["email_normalized", 'text COLLATE "C" NOT NULL'],
  ["two_factor_enabled", "boolean NOT NULL"],
  ["balance_usd_cents", "bigint"],
  ["balance_tier", "text"],
  ["country", "text"],
  ["opened_at", "timestamptz"],
  ["last_login_at", "timestamptz"],
];

/**
 * Imports the customer directory (shared by all incidents). New accounts are
 * added, changed ones updated, identical ones counted as already known. Each
 * normalised mailbox belongs to one account, so matching stays unambiguous: a
 * row whose address another account already uses is rejected, naming it.
 * Leaked addresses of every incident are matched again afterwards.
 */
export async function importAccounts(db: Db, input: AccountsImport): Promise<ImportSummary> {
  return runImport(
    db,
    {
      id: input.importId,
      kind: "accounts",
      incidentId: null,
      fileName: input.fileName,
      bytesTotal: input.bytesTotal,
      actor: input.actor,
    },
    input.onProgress,
    (progress, finish) =>
      db.sql.session(async (session) => {
        const stage = await StageTable.create(session, "stage_accounts", COLUMNS);
        try {
          let fields: AccountField[] = [];
          const valid = await stageBatches(
            parseAccountsCsv(input.source),
            (rows, batch) => {
              fields = batch.fields;
              return stage.add(
                rows.map((a) => [
                  a.line,
                  a.externalId,
                  a.email,
                  a.emailNormalized,
                  a.twoFactorEnabled,
                  a.balanceUsdCents,
                  a.balanceTier,
                  a.country,
                  a.openedAt,
                  a.lastLoginAt,
                ]),
              );
            },
            progress,
          );
          await stage.close(["external_id", "email_normalized"]);
          await progress.phase("applying");
          await session.transaction(async (tx) => {
            const result = await applyAccounts(tx, stage.table, fields);
            await progress.reject(tx, result.rejects);
            await finish(tx, {
              imported: result.inserted,
              updated: result.updated,
              duplicates: valid - result.rejects.length - result.inserted - result.updated,
            });
          });
        } finally {
          await stage.drop();
        }
      }),
  );
}

// The stored column of each optional field; e-mail and account id are always in the file.
const FIELD_COLUMN: Record<AccountField, string> = {
  twoFactorEnabled: "two_factor_enabled",
  balanceUsdCents: "balance_usd_cents",
  balanceTier: "balance_tier",
  country: "country",
  openedAt: "opened_at",
  lastLoginAt: "last_login_at",
};

async function applyAccounts(tx: SqlQueryable, table: string, fields: readonly AccountField[]) {
  // Rows that cannot be applied: a repeated account id (the first wins), or a
  // mailbox that belongs to another account, in this file or already.
  const rejects = await tx.query<Rejected & { line: number }>(
    `WITH dup_ids AS (
       SELECT s.line, format('duplicate account id %s (first on line %s)', s.external_id, f.first_line) AS reason,
              s.external_id || ',' || s.email AS raw
         FROM ${table} s
         JOIN (SELECT external_id, min(line) AS first_line FROM ${table} GROUP BY external_id) f
           ON f.external_id = s.external_id AND s.line > f.first_line
     ), dup_mailbox_in_file AS (
       SELECT s.line, format('e-mail %s is the same mailbox as account %s (line %s)', s.email, f.external_id, f.line) AS reason,
              s.external_id || ',' || s.email AS raw
         FROM ${table} s
         JOIN LATERAL (SELECT o.external_id, o.line FROM ${table} o
                        WHERE o.email_normalized = s.email_normalized AND o.external_id <> s.external_id
                        ORDER BY o.line LIMIT 1) f ON f.line < s.line
     ), dup_mailbox_existing AS (
       SELECT s.line, format('e-mail %s is the same mailbox as existing account %s', s.email, a.external_id) AS reason,
              s.external_id || ',' || s.email AS raw
         FROM ${table} s
         JOIN customer_accounts a ON a.email_normalized = s.email_normalized AND a.external_id <> s.external_id
     )
     SELECT DISTINCT ON (line) line, reason, raw FROM (
       SELECT * FROM dup_ids UNION ALL SELECT * FROM dup_mailbox_in_file UNION ALL SELECT * FROM dup_mailbox_existing) r
     ORDER BY line, reason`,
  );
  if (rejects.length) {
    await tx.query(`DELETE FROM ${table} WHERE line = ANY($1::int[])`, [rejects.map((r) => r.line)]);
  }
  // An existing account changes only in the columns the file has: a
  // directory export without, say, a country column leaves countries alone.
  const updated = ["email", "email_normalized", ...fields.map((f) => FIELD_COLUMN[f])];
  const compared = ["email", ...fields.map((f) => FIELD_COLUMN[f])];
  const [counts] = await tx.query<{ inserted: number; updated: number }>(
    `WITH upserted AS (
       INSERT INTO customer_accounts (external_id, email, email_normalized, two_factor_enabled, balance_usd_cents,
                                      balance_tier, country, opened_at, last_login_at)
       SELECT external_id, email, email_normalized, two_factor_enabled, balance_usd_cents,
              balance_tier, country, opened_at, last_login_at
         FROM ${table}
       ON CONFLICT (external_id) DO UPDATE SET ${updated.map((c) => `${c} = EXCLUDED.${c}`).join(", ")}
       WHERE (${compared.map((c) => `customer_accounts.${c}`).join(", ")})
             IS DISTINCT FROM (${compared.map((c) => `EXCLUDED.${c}`).join(", ")})
       RETURNING (xmax = 0) AS inserted)
     SELECT (count(*) FILTER (WHERE inserted))::int AS inserted, (count(*) FILTER (WHERE NOT inserted))::int AS updated
       FROM upserted`,
  );
  if ((counts?.inserted ?? 0) > 20_000) await tx.exec("ANALYZE customer_accounts");
  // Match again: leaked addresses of these mailboxes, in every incident.
  const touched = await tx.query<{ incident_id: string }>(
    `WITH rematched AS (
       UPDATE leaked_recipients r SET account_id = a.id
         FROM ${table} s JOIN customer_accounts a ON a.external_id = s.external_id
        WHERE r.email_normalized = a.email_normalized AND r.account_id IS DISTINCT FROM a.id
       RETURNING r.incident_id),
     unmatched AS (
       UPDATE leaked_recipients r SET account_id = NULL
         FROM ${table} s JOIN customer_accounts a ON a.external_id = s.external_id
        WHERE r.account_id = a.id AND r.email_normalized <> a.email_normalized
       RETURNING r.incident_id)
     SELECT DISTINCT incident_id FROM (SELECT incident_id FROM rematched UNION ALL SELECT incident_id FROM unmatched) x
     UNION
     SELECT DISTINCT t.incident_id FROM triage_entries t JOIN ${table} s ON s.email_normalized = t.email_normalized`,
  );
  for (const { incident_id } of touched) {
    await rebuildTriage(tx, incident_id, { kind: "emails", table, column: "email_normalized" });
    await refreshImportStats(tx, incident_id);
  }
  return {
    inserted: counts?.inserted ?? 0,
    updated: counts?.updated ?? 0,
    rejects: rejects.map((r) => ({ line: r.line, reason: r.reason, raw: truncateRaw(r.raw) })),
  };
}
