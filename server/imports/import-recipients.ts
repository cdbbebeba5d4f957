import { parseRecipientCsv } from "../../lib/imports/recipients-csv";
import type { AuditActor } from "../audit/record-audit";
import type { Db } from "../db";
import type { ImportSummary } from "./import-job";
import { applyStagedRecipients, RecipientStage } from "./recipient-stage";
import { runImport, type ProgressListener } from "./run-import";
import { stageBatches } from "./stage-table";

export type RecipientListImport = {
  incidentId: string;
  fileName: string;
  bytesTotal: number | null;
  source: AsyncIterable<Buffer | string>;
  addressColumn?: string;
  actor: AuditActor;
  importId?: string;
  onProgress?: ProgressListener;
  timelineAt?: Date;
};

/**
 * Imports a leaked-recipient list (CSV or TSV). Rows stream through the
 * parser into a staging table; then, in one transaction, the new recipients
 * are added and matched, the touched triage rows rebuilt and the incident's
 * numbers refreshed.
 */
export async function importRecipientList(db: Db, input: RecipientListImport): Promise<ImportSummary> {
  return runImport(
    db,
    {
      id: input.importId,
      kind: "recipients",
      incidentId: input.incidentId,
      fileName: input.fileName,
      bytesTotal: input.bytesTotal,
      actor: input.actor,
      timelineAt: input.timelineAt,
      options: input.addressColumn ? { addressColumn: input.addressColumn } : undefined,
    },
    input.onProgress,
    (progress, finish) =>
      db.sql.session(async (session) => {
        const stage = await RecipientStage.create(session);
        try {
          const valid = await stageBatches(
            parseRecipientCsv(input.source, { addressColumn: input.addressColumn }),
            (rows) => stage.add(rows),
            progress,
          );
          await applyStagedRecipients(session, stage, progress, finish, {
            incidentId: input.incidentId,
            source: "csv",
            staged: valid,
          });
        } finally {
          await stage.drop();
        }
      }),
  );
}
