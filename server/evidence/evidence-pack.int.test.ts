import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inflateSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_NOTICE_TEMPLATE } from "../../lib/notify/render-notice";
import { verifyPack } from "../../lib/evidence/verify-pack";
import { unzipFiles } from "../../lib/evidence/zip";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { breachdesk } from "../../test/run-cli";
import { verifyAuditChain } from "../audit/verify-audit-chain";
import { resetEnvCache } from "../env";
import { getIncidentBySlugOrThrow } from "../incidents/get-incident";
import { requestNoticeCampaign } from "../notify/request-notice-campaign";
import { saveNoticeTemplate } from "../notify/save-notice-template";
import { requestBulkAction } from "../remediation/request-bulk-action";
import { createRemediationFixture, type RemediationFixture } from "../remediation/test-fixtures";
import { recordTimelineEvent } from "../timeline/record-timeline-event";
import { drainNotices, drainWork, sweepExpired } from "../workers/work";
import { downloadEvidencePack } from "./download-evidence-pack";
import { listEvidencePacks } from "./list-evidence-packs";
import { makeEvidencePack } from "./make-evidence-pack";
import { evidenceSigningKey } from "./signing-key";

// The evidence pack end to end on a real database: an incident with a bulk
// action and a notice campaign is closed, the worker's sweep makes the pack,
// the CLI verifies the downloaded zip as a real process, and no customer's
// address is anywhere in it (the PDF's text included).

const N = 30;

/** The text a pdfkit PDF draws: its streams inflated, the hex strings of its TJ operators decoded. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString("latin1");
  const parts: string[] = [];
  for (const match of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(match[1]!, "latin1")).toString("latin1");
    } catch {
      content = match[1]!;
    }
    for (const hex of content.matchAll(/<([0-9a-fA-F]+)>/g)) parts.push(Buffer.from(hex[1]!, "hex").toString("latin1"));
    parts.push(" ");
  }
  return parts.join("");
}

describe.each(testDbKinds())("the evidence pack on %s", (kind) => {
  let db: TestDb;
  let f: RemediationFixture;
  let dir: string;

  beforeAll(async () => {
    vi.stubEnv("BREACHDESK_APPROVAL_THRESHOLD", "1000");
    resetEnvCache();
    db = await openTestDb(kind);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "breachdesk-evidence-"));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    resetEnvCache();
    await db?.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await resetTestDb(db);
    f = await createRemediationFixture(db, N, { unmatched: 2 });
    await requestBulkAction(
      db,
      f.incident,
      { kind: "withdrawal_hold", reason: "Changed after T0", selection: { kind: "filter", query: "" }, holdHours: 72 },
      f.requester,
    );
    await drainWork(db);
    const template = await saveNoticeTemplate(db, f.incident.id, DEFAULT_NOTICE_TEMPLATE, f.requester);
    await requestNoticeCampaign(db, f.incident, { templateId: template.id, audience: "" }, f.requester);
    await drainNotices(db);
  });

  async function customerAddresses(): Promise<string[]> {
    const rows = await db.sql.query<{ email: string }>(
      `SELECT email_original AS email FROM triage_entries WHERE incident_id = $1::uuid
       UNION SELECT email FROM customer_accounts`,
      [f.incident.id],
    );
    return rows.map((row) => row.email);
  }

  async function closeIncident(): Promise<void> {
    await db.sql.run(`UPDATE incidents SET status = 'closed', closed_at = clock_timestamp() WHERE id = $1::uuid`, [
      f.incident.id,
    ]);
  }

  it("is made once at close, verifies with the CLI against the published key, and carries no customer address", async () => {
    const [quoted] = await customerAddresses();
    await recordTimelineEvent(
      db.prisma,
      {
        incidentId: f.incident.id,
        occurredAt: new Date("2019-11-08T10:00:00Z"),
        category: "communication",
        source: "manual",
        title: "Customer wrote in",
        body: `A customer (${quoted}) forwarded the leaked message.`,
      },
      f.requester,
    );
    expect((await sweepExpired(db, new Date())).evidencePacks).toBe(0);
    await closeIncident();
    expect((await sweepExpired(db, new Date())).evidencePacks).toBe(1);
    expect((await sweepExpired(db, new Date())).evidencePacks).toBe(0);

    const packs = await listEvidencePacks(db, f.incident.id);
    expect(packs).toEqual([expect.objectContaining({ reason: "close", madeBy: null })]);
    const download = await downloadEvidencePack(db, f.incident, packs[0]!.id, f.approver, "192.0.2.1");
    expect(download.fileName).toMatch(new RegExp(`^${f.incident.slug}-evidence-\\d{8}T\\d{6}Z\\.zip$`));
    const [audited] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'evidence_pack.downloaded' AND target_id = $1 AND actor_id = $2::uuid`,
      [packs[0]!.id, f.approver.id],
    );
    expect(audited!.n).toBe(1);

    const zipPath = path.join(dir, `${kind}.zip`);
    const keyPath = path.join(dir, "key.pem");
    fs.writeFileSync(zipPath, download.zip);
    fs.writeFileSync(keyPath, evidenceSigningKey().publicKeyPem);
    const run = await breachdesk({}, ["evidence", "verify", zipPath, "--key", keyPath]);
    expect(run.stderr).toMatch(/^OK: /m);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout.trim().split("\n").at(-1)!);
    expect(result).toMatchObject({ ok: true, incident: f.incident.slug, key: { pinned: true }, files: 7 });
    expect(result.audit.entries).toBeGreaterThan(N);

    const files = await unzipFiles(download.zip);
    expect([...files.keys()].sort()).toEqual([
      "audit.jsonl",
      "bulk-actions.json",
      "manifest.json",
      "manifest.sig",
      "notice-campaigns.json",
      "obligations.json",
      "report.pdf",
      "signing-key.pem",
      "timeline.json",
    ]);
    const texts = new Map(
      [...files].map(([name, data]) => [name, name.endsWith(".pdf") ? pdfText(data) : data.toString("utf8")]),
    );
    expect(texts.get("report.pdf")).toContain(`Incident ${f.incident.slug}`);
    expect(texts.get("timeline.json")).toContain("[address removed]");
    const addresses = await customerAddresses();
    expect(addresses.length).toBeGreaterThanOrEqual(N + 2);
    for (const [name, text] of texts) {
      for (const address of addresses) expect(text.includes(address), `${address} in ${name}`).toBe(false);
    }
    const bulk = JSON.parse(texts.get("bulk-actions.json")!);
    expect(bulk).toEqual([
      expect.objectContaining({ kind: "withdrawal_hold", counts: expect.objectContaining({ total: N, succeeded: N }) }),
    ]);
    const campaigns = JSON.parse(texts.get("notice-campaigns.json")!);
    expect(campaigns).toEqual([expect.objectContaining({ total: N, sent: N, status: "completed" })]);
    expect((await verifyAuditChain(db.sql)).ok).toBe(true);
  });

  it("is made again after a forget run with the certificate of erasure, and the pack made at close is kept", async () => {
    await closeIncident();
    await sweepExpired(db, new Date());
    await db.sql.run(
      `INSERT INTO incident_forget_runs (id, incident_id, step, status, counts, audit_head_before, audit_head_after, started_at, finished_at)
       VALUES (gen_random_uuid(), $1::uuid, 'erase', 'done', '{"leaked_recipients": 32, "triage_entries": 32}', $2, $3,
               clock_timestamp(), clock_timestamp())`,
      [f.incident.id, "a".repeat(64), "b".repeat(64)],
    );
    expect((await sweepExpired(db, new Date())).evidencePacks).toBe(1);
    const packs = await listEvidencePacks(db, f.incident.id);
    expect(packs.map((p) => p.reason)).toEqual(["erasure", "close"]);
    const incident = await getIncidentBySlugOrThrow(db, f.incident.slug);
    const made = await makeEvidencePack(db, incident, "on_demand", f.requester);
    expect(made).toMatchObject({ reason: "on_demand" });

    const zip = await downloadEvidencePack(db, f.incident, packs[0]!.id, f.approver);
    const files = await unzipFiles(zip.zip);
    const result = verifyPack(files, { pinnedKeyPem: evidenceSigningKey().publicKeyPem });
    expect(result.ok).toBe(true);
    const certificate = JSON.parse(files.get("erasure-certificate.json")!.toString());
    expect(certificate).toMatchObject({
      incident: { id: f.incident.id },
      steps: [
        {
          step: "erase",
          rows: { leaked_recipients: 32, triage_entries: 32 },
          totalRows: 64,
          auditHeadBefore: "a".repeat(64),
        },
      ],
    });
    expect(verifyPack(await unzipFiles((await downloadEvidencePack(db, f.incident, packs[1]!.id, null)).zip)).ok).toBe(
      true,
    );
  });
});
