import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { resetEnvCache } from "../env";
import { requestBulkAction } from "../remediation/request-bulk-action";
import { createRemediationFixture } from "../remediation/test-fixtures";
import { countPendingApprovals, listIncidentAwaitingApproval, listPendingApprovals, waitingFor } from "./list-pending-approvals";

describe.each(testDbKinds())("requests waiting for a person's approval on %s", (kind) => {
  let db: TestDb;
  beforeAll(async () => {
    vi.stubEnv("BREACHDESK_APPROVAL_THRESHOLD", "10");
    resetEnvCache();
    db = await openTestDb(kind);
  });
  afterAll(async () => {
    await db?.cleanup();
    vi.unstubAllEnvs();
    resetEnvCache();
  });

  it("lists another person's pending requests with their expiry; never the viewer's own, nor to roles that cannot approve", async () => {
    const f = await createRemediationFixture(db, 30);
    const at = new Date();
    const requested = await requestBulkAction(
      db,
      f.incident,
      { kind: "password_reset", reason: "Reset all", selection: { kind: "filter", query: "" } },
      f.requester,
      { at },
    );
    expect(requested.status).toBe("pending_approval");
    const approver = { id: f.approver.id, role: "security_analyst" as const };
    const rows = await listPendingApprovals(db, approver, {}, at);
    expect(rows).toEqual([
      expect.objectContaining({
        type: "bulk_action",
        id: requested.id,
        kind: "password_reset",
        total: 30,
        requestedBy: "Rita Requester",
        incident: expect.objectContaining({ slug: f.incident.slug }),
      }),
    ]);
    expect(rows[0]!.expiresAt!.getTime()).toBeGreaterThan(at.getTime());
    expect(await countPendingApprovals(db, approver, {}, at)).toBe(1);
    expect(await countPendingApprovals(db, approver, { incidentId: f.incident.id }, at)).toBe(1);
    // Their own request never waits for them; support cannot approve at all.
    expect(await countPendingApprovals(db, { id: f.requester.id, role: "admin" }, {}, at)).toBe(0);
    expect(await countPendingApprovals(db, { id: f.approver.id, role: "support_agent" }, {}, at)).toBe(0);
    // Everyone sees the incident's count in the headline numbers; the overview's list is the viewer's share of it.
    const incidentRows = await listIncidentAwaitingApproval(db, f.incident.id, at);
    expect(incidentRows.map((r) => r.id)).toEqual([requested.id]);
    expect(waitingFor(incidentRows, approver)).toHaveLength(1);
    expect(waitingFor(incidentRows, { id: f.requester.id, role: "admin" })).toHaveLength(0);
    expect(waitingFor(incidentRows, { id: f.approver.id, role: "manager" })).toHaveLength(0);
    // Past its expiry it waits for nobody.
    const later = new Date(rows[0]!.expiresAt!.getTime() + 1000);
    expect(await countPendingApprovals(db, approver, {}, later)).toBe(0);
    expect(await listIncidentAwaitingApproval(db, f.incident.id, later)).toHaveLength(0);
  });
});
