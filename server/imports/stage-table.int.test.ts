import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { createIncident } from "../incidents/create-incident";
import { importAccounts } from "./import-accounts";
import { importSecurityEvents } from "./import-events";
import { importMessages } from "./import-messages";
import { importRecipientList } from "./import-recipients";
import { chunks } from "./test-sources";

// PGlite's one connection outlives every import, and with it every temporary
// table an import stages its rows in, unless the import drops its own.

describe.each(testDbKinds())("stage tables on %s", (kind) => {
  let db: TestDb;
  let incidentId: string;

  beforeAll(async () => {
    db = await openTestDb(kind);
  });
  afterAll(async () => {
    await db?.cleanup();
  });
  beforeEach(async () => {
    await resetTestDb(db);
    incidentId = (await createIncident(db, { slug: "leak", title: "Leak", awareAt: "2019-11-07T09:12:00Z" }, null)).id;
  });

  const stageTables = async () =>
    (
      await db.sql.query<{ relname: string }>(
        `SELECT relname FROM pg_class WHERE relpersistence = 't' AND relname LIKE 'stage\\_%' ORDER BY relname`,
      )
    ).map((r) => r.relname);

  const recipients = (source: AsyncIterable<Buffer>) =>
    importRecipientList(db, { incidentId, fileName: "list.csv", bytesTotal: null, source, actor: null });
  const accounts = (text: string) =>
    importAccounts(db, { fileName: "accounts.csv", bytesTotal: null, source: chunks(text), actor: null });
  const events = (text: string) =>
    importSecurityEvents(db, {
      incidentId,
      fileName: "events.jsonl",
      bytesTotal: null,
      format: "jsonl",
      source: chunks(text),
      actor: null,
    });
  const failWith = async (table: string, work: () => Promise<unknown>) => {
    await db.sql.exec(`
      CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'simulated crash'; END $$ LANGUAGE plpgsql;
      CREATE TRIGGER boom BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION boom();`);
    try {
      await expect(work()).rejects.toThrow(/simulated crash/);
    } finally {
      await db.sql.exec(`DROP TRIGGER boom ON ${table}; DROP FUNCTION boom();`);
    }
  };
  const event = '{"account_id":"A1","time":"2019-11-08T00:00:00Z","kind":"failed login"}';

  it("leaves none behind after imports of every kind", async () => {
    await accounts("id,email\nA1,ann@example.com\n");
    await recipients(chunks("email\nann@example.com\n"));
    await importMessages(db, {
      incidentId,
      fileName: "sent.mbox",
      bytesTotal: null,
      source: { kind: "mbox", stream: chunks("From a@x Thu Nov  7 08:30:00 2019\nTo: bob@example.com\n\nbody\n") },
      actor: null,
    });
    await events(event);
    expect(await db.prisma.leakedRecipient.count()).toBe(2);
    expect(await db.prisma.securityEvent.count()).toBe(1);
    expect(await stageTables()).toEqual([]);
  });

  it("leaves none behind when applying fails, and the next import runs", async () => {
    await failWith("leaked_recipients", () => recipients(chunks("email\nann@example.com\n")));
    await failWith("customer_accounts", () => accounts("id,email\nA1,ann@example.com\n"));
    expect(await stageTables()).toEqual([]);

    await accounts("id,email\nA1,ann@example.com\n");
    await failWith("security_events", () => events(event));
    expect(await stageTables()).toEqual([]);

    expect(await recipients(chunks("email\nann@example.com\n"))).toMatchObject({ imported: 1 });
    expect(await stageTables()).toEqual([]);
  });

  it("leaves none behind when the file turns out unreadable while its rows are being staged", async () => {
    // Past the first megabyte of staged rows, so the COPY has taken some
    // before the NUL byte ends the import.
    async function* list(): AsyncGenerator<Buffer> {
      yield Buffer.from("email\n");
      for (let i = 0; i < 40_000; i++) yield Buffer.from(`user${i}@example.com\n`);
      yield Buffer.from("bad\u0000@example.com\n");
    }
    await expect(recipients(list())).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(events(`${event}\nbad\u0000`)).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await stageTables()).toEqual([]);

    expect(await recipients(chunks("email\nann@example.com\n"))).toMatchObject({ imported: 1 });
    expect(await stageTables()).toEqual([]);
  });
});
