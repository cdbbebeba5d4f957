import "server-only";
import { assemblePack } from "../../lib/evidence/assemble-pack";
import { auditSegmentText } from "../../lib/evidence/audit-segment";
import {
  AUDIT_FILE,
  ERASURE_CERTIFICATE_FILE,
  sha256Hex,
  type PackFile,
  type PackReason,
} from "../../lib/evidence/manifest";
import { zipFiles } from "../../lib/evidence/zip";
import type { Db } from "../db";
import { env } from "../env";
import type { IncidentWithStats } from "../incidents/get-incident";
import { gatherPackData } from "./gather-pack-data";
import { renderReportPdf } from "./render-report-pdf";
import { evidenceSigningKey } from "./signing-key";

export type BuiltPack = { zip: Buffer; sha256: string; madeAt: Date };

const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);

/** The incident's evidence pack, as a signed zip: made, not stored. */
export async function buildEvidencePack(
  db: Db,
  incident: IncidentWithStats,
  reason: PackReason,
  madeAt = new Date(),
): Promise<BuiltPack> {
  const data = await gatherPackData(db, incident, madeAt);
  const contents: PackFile[] = [
    { name: "report.pdf", data: await renderReportPdf(data) },
    { name: "timeline.json", data: json(data.timeline) },
    { name: "obligations.json", data: json(data.report.obligations) },
    { name: "bulk-actions.json", data: json(data.bulkActions) },
    { name: "notice-campaigns.json", data: json(data.noticeCampaigns) },
    { name: AUDIT_FILE, data: Buffer.from(auditSegmentText(data.audit.entries, data.audit.head)) },
    ...(data.certificate ? [{ name: ERASURE_CERTIFICATE_FILE, data: json(data.certificate) }] : []),
  ];
  const files = assemblePack(
    contents,
    {
      instanceUrl: env().NEXTAUTH_URL ?? null,
      incident: { id: incident.id, slug: incident.slug, title: incident.title },
      madeAt: madeAt.toISOString(),
      reason,
    },
    evidenceSigningKey().privateKey,
  );
  const zip = await zipFiles(files, madeAt);
  return { zip, sha256: sha256Hex(zip), madeAt };
}
