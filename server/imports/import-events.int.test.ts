import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { createIncident } from "../incidents/create-incident";
import { listAccountSecurityEvents } from "../accounts/list-account-security-events";
import { listRecentSecurityChanges } from "../incidents/list-recent-security-changes";
import { refreshIncidentStats } from "../incidents/refresh-incident-stats";
import { importAccounts } from "./import-accounts";
import { importSecurityEvents } from "./import-events";
import { importRecipientList } from "./import-recipients";
import { chunks } from "./test-sources";

const AWARE_AT = new Date("2019-11-07T09:12:00Z");

describe.each(testDbKinds())("security events shared by incidents on %s", (kind) => {
  let db: TestDb;
  let incidentA: string;
  let incidentB: string;
  let incidentC: string;

  beforeAll(async () => {
    db = await openTestDb(kind);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  const incident = async (slug: string) =>
    (await createIncident(db, { slug, title: `Leak ${slug}`, awareAt: AWARE_AT.toISOString() }, null)).id;

  const recipients = (incidentId: string, text: string) =>
    importRecipientList(db, { incidentId, fileName: "list.csv", bytesTotal: null, source: chunks(text), actor: null });

  const events = (incidentId: string, csv: string) =>
    importSecurityEvents(db, {
      incidentId,
      fileName: "events.csv",
      bytesTotal: null,
      format: "csv",
      source: chunks(csv),
      actor: null,
    });

  const triageRow = async (incidentId: string, email: string) => {
    const [row] = await db.sql.query<{ risk_tier: string; risk_rules: string[]; withdrawal_changes: number }>(
      `SELECT risk_tier::text AS risk_tier, risk_rules, withdrawal_changes FROM triage_entries
        WHERE incident_id = $1::uuid AND email_normalized = $2`,
      [incidentId, email],
    );
    return row;
  };

  const stats = (incidentId: string) =>
    db.prisma.incidentStats.findUniqueOrThrow({
      where: { incidentId },
      select: { uniqueAddresses: true, matchedAccounts: true, changedAfterT0: true },
    });

  beforeEach(async () => {
    await resetTestDb(db);
    await importAccounts(db, {
      fileName: "accounts.csv",
      bytesTotal: null,
      source: chunks("account id,email,2fa,balance\nEX-1,ex1@example.com,yes,10\nEX-2,ex2@example.com,yes,10\n"),
      actor: null,
    });
    incidentA = await incident("leak-a");
    incidentB = await incident("leak-b");
    incidentC = await incident("leak-c");
    await recipients(incidentA, "email\nex1@example.com\n");
    await recipients(incidentB, "email\nex1@example.com\nex2@example.com\n");
    await recipients(incidentC, "email\nex2@example.com\n");
  });

  it.each([
    ["the later", () => incidentB],
    ["the earlier", () => incidentA],
  ])("an event imported into %s incident re-ranks the account in every incident that exposed it", async (_, into) => {
    for (const id of [incidentA, incidentB])
      expect(await triageRow(id, "ex1@example.com")).toMatchObject({ risk_tier: "low" });

    const summary = await events(
      into(),
      "account_id,time,kind\nEX-1,2019-11-08T10:00:00Z,withdrawal address changed\n",
    );
    expect(summary).toMatchObject({ imported: 1, rejected: 0 });

    for (const id of [incidentA, incidentB]) {
      expect(await triageRow(id, "ex1@example.com")).toEqual({
        risk_tier: "critical",
        risk_rules: ["withdrawal_address_changed"],
        withdrawal_changes: 1,
      });
      // The summary moved with the rows: what a recount from the rows gives.
      const moved = await stats(id);
      expect(moved.changedAfterT0).toBe(1);
      await refreshIncidentStats(db.sql, id);
      expect(await stats(id)).toEqual(moved);
    }
    // Another account, and an incident that never exposed EX-1, stay as they were.
    expect(await triageRow(incidentB, "ex2@example.com")).toMatchObject({ risk_tier: "low", risk_rules: [] });
    expect(await triageRow(incidentC, "ex2@example.com")).toMatchObject({ risk_tier: "low", risk_rules: [] });
    expect((await stats(incidentC)).changedAfterT0).toBe(0);
    // Each exposing incident's overview lists the change among its latest, whichever incident's file brought it.
    for (const [id, listed] of [
      [incidentA, ["EX-1"]],
      [incidentB, ["EX-1"]],
      [incidentC, []],
    ] as const) {
      const changes = await listRecentSecurityChanges(db, { id, awareAt: AWARE_AT }, { limit: 8, unmasked: true });
      expect(changes.map((c) => c.accountExternalId)).toEqual(listed);
    }
    // And the account's page in either incident shows it.
    const account = await db.prisma.customerAccount.findUniqueOrThrow({ where: { externalId: "EX-1" } });
    for (const id of [incidentA, incidentB]) {
      const { events: shown } = await listAccountSecurityEvents(db, { id, awareAt: AWARE_AT }, account.id);
      expect(shown.map((e) => e.kind)).toEqual(["withdrawal_address_change"]);
    }
  });
});
