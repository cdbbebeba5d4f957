import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_NOTICE_TEMPLATE } from "../lib/notify/render-notice";
import { addAccountNote } from "../server/accounts/account-notes";
import { verifyAuditChain } from "../server/audit/verify-audit-chain";
import { startForgetRun } from "../server/forget/start-forget-run";
import { requestNoticeCampaign } from "../server/notify/request-notice-campaign";
import { saveNoticeTemplate } from "../server/notify/save-notice-template";
import { approveBulkAction } from "../server/remediation/control-bulk-action";
import { requestBulkAction } from "../server/remediation/request-bulk-action";
import { createTestStaff } from "../server/timeline/test-fixtures";
import { drainForgetting, drainNotices, drainWork } from "../server/workers/work";
import { openTestDb, testDbKinds, type TestDb } from "./db";
import { addressesOf, createForgetFixture, searchWholeDatabase, type ForgetFixture } from "./forget-fixture";

// The audit chain outlives an incident's personal data: none of its entries
// may carry a customer's address, whatever people typed into the reasons,
// notes and searches of a whole response (bulk resets and holds approved with
// notes, a note on an account, a notice campaign sent), and forgetting the
// incident afterwards leaves the chain whole and no address anywhere.

const ADDRESSES = 300;

describe.each(testDbKinds())(
  "an incident's audit entries after a whole response on %s",
  { timeout: 240_000 },
  (kind) => {
    let db: TestDb;
    let f: ForgetFixture;
    let addresses: string[];

    beforeAll(async () => {
      db = await openTestDb(kind);
      f = await createForgetFixture(db, ADDRESSES, { notices: 0 });
      // Open again for the response; closed below, before forgetting.
      await db.sql.run(`UPDATE incidents SET status = 'open' WHERE id = $1::uuid`, [f.incident.id]);
      addresses = await addressesOf(db, f.incident.id);
      const requester = await createTestStaff(db, "Rita Requester");
      const approver = await createTestStaff(db, "Adam Approver");
      const [first, second] = await db.sql.query<{ account_id: number; email: string }>(
        `SELECT account_id, email_normalized AS email FROM triage_entries WHERE incident_id = $1::uuid AND account_id IS NOT NULL ORDER BY id LIMIT 2`,
        [f.incident.id],
      );
      const reset = await requestBulkAction(
        db,
        f.incident,
        {
          kind: "password_reset",
          reason: `Leak; ${first!.email} phoned first`,
          selection: { kind: "filter", query: "" },
        },
        requester,
      );
      await approveBulkAction(db, reset.id, approver, { note: `Checked with ${second!.email}` });
      const hold = await requestBulkAction(
        db,
        f.incident,
        {
          kind: "withdrawal_hold",
          holdHours: 72,
          reason: `Hold, see ${first!.email}`,
          selection: { kind: "filter", query: "tier=critical" },
        },
        requester,
      );
      if (hold.status === "pending_approval")
        await approveBulkAction(db, hold.id, approver, { note: `ok ${second!.email}` });
      await drainWork(db);
      await addAccountNote(
        db,
        f.incident,
        Number(first!.account_id),
        { body: `Customer wants mail at ${first!.email.toUpperCase()}`, ticketRef: "", requestKey: randomUUID() },
        requester,
      );
      const template = await saveNoticeTemplate(db, f.incident.id, DEFAULT_NOTICE_TEMPLATE, requester);
      // Under the four-eyes threshold: it runs at once.
      const campaign = await requestNoticeCampaign(
        db,
        f.incident,
        { templateId: template.id, audience: "tier=critical" },
        requester,
      );
      expect(campaign.status).toBe("running");
      await drainNotices(db);
      await db.sql.run(`UPDATE incidents SET status = 'closed', closed_at = now() WHERE id = $1::uuid`, [
        f.incident.id,
      ]);
    });
    afterAll(() => db.cleanup());

    it("no audit entry of the incident carries one of its addresses", async () => {
      const [entries] = await db.sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log WHERE incident_id = $1::uuid`,
        [f.incident.id],
      );
      expect(Number(entries!.n)).toBeGreaterThan(ADDRESSES);
      const found = await searchWholeDatabase(db, addresses);
      expect(Object.keys(found).filter((column) => column.startsWith("audit_log."))).toEqual([]);
      // The response itself did write them where they belong until forgotten.
      expect(found["notice_outbox.raw"]).toBeGreaterThan(0);
    });

    it("pseudonymised, then erased: no address anywhere, the chain whole", async () => {
      await startForgetRun(db, { slug: f.incident.slug, step: "pseudonymise" }, null);
      await drainForgetting(db);
      expect(await searchWholeDatabase(db, addresses)).toEqual({});
      expect((await verifyAuditChain(db.sql)).ok).toBe(true);
      await startForgetRun(db, { slug: f.incident.slug, step: "erase" }, null);
      await drainForgetting(db);
      expect(await searchWholeDatabase(db, addresses)).toEqual({});
      expect((await verifyAuditChain(db.sql)).ok).toBe(true);
      const [bulk] = await db.sql.query<{ reasons: string }>(
        `SELECT string_agg(reason || ' ' || coalesce(decision_note, ''), ' | ') AS reasons FROM bulk_actions WHERE incident_id = $1::uuid`,
        [f.incident.id],
      );
      expect(bulk!.reasons).toContain("[address removed]");
    });

    it("refuses to start on an incident that is not closed, and erasure before pseudonymisation", async () => {
      const other = await createForgetFixture(db, 10, { notices: 0 });
      await expect(startForgetRun(db, { slug: other.incident.slug, step: "erase" }, null)).rejects.toMatchObject({
        code: "CONFLICT",
      });
      await db.sql.run(`UPDATE incidents SET status = 'open' WHERE id = $1::uuid`, [other.incident.id]);
      await expect(startForgetRun(db, { slug: other.incident.slug, step: "pseudonymise" }, null)).rejects.toMatchObject(
        { code: "CONFLICT" },
      );
    });
  },
);
