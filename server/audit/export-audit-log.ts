import "server-only";
import { toCsvRow } from "../../lib/csv/escape";
import type { AuditExportFormat, AuditLogFilter } from "../../lib/audit/log-query";
import type { Db } from "../db";
import { streamAuditLog, type AuditLogEntry } from "./list-audit-log";
import { recordAudit, type AuditActor } from "./record-audit";

export const AUDIT_EXPORTED_ACTION = "audit.exported";

const CSV_HEADER = [
  "id",
  "at_utc",
  "actor",
  "action",
  "incident",
  "target_type",
  "target_id",
  "target",
  "detail",
  "ip",
  "hash",
];

function csvRow(entry: AuditLogEntry): string {
  return toCsvRow([
    entry.id,
    entry.at,
    entry.actor ?? "",
    entry.action,
    entry.incident,
    entry.target?.type,
    entry.target?.id,
    entry.target?.label,
    entry.detail === null ? "" : JSON.stringify(entry.detail),
    entry.ip,
    entry.hash,
  ]);
}

function jsonLine(entry: AuditLogEntry): string {
  return `${JSON.stringify({ ...entry, at: entry.at.toISOString() })}\n`;
}

/**
 * The filtered log as CSV or JSON lines, a page of entries per chunk (bounded
 * memory at a million entries). The export is recorded first, with its
 * filter: who took the log out of the building is itself in the log (and in
 * the export, as its newest entry).
 */
export async function exportAuditLog(
  db: Db,
  actor: NonNullable<AuditActor>,
  filter: AuditLogFilter,
  format: AuditExportFormat,
  query: string,
): Promise<AsyncGenerator<string>> {
  await recordAudit(db.prisma, { actor, action: AUDIT_EXPORTED_ACTION, detail: { format, query } });
  return (async function* () {
    if (format === "csv") yield toCsvRow(CSV_HEADER);
    for await (const entries of streamAuditLog(db, filter)) {
      yield entries.map(format === "csv" ? csvRow : jsonLine).join("");
    }
  })();
}
