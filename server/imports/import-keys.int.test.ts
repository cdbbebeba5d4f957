import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MAX_ACCOUNT_ID_CHARS } from "../../lib/imports/accounts-csv";
import { MAX_BATCH_ID_CHARS } from "../../lib/imports/recipients-csv";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { createIncident } from "../incidents/create-incident";
import { importAccounts } from "./import-accounts";
import { importSecurityEvents } from "./import-events";
import { importMessages } from "./import-messages";
import { importRecipientList } from "./import-recipients";
import { chunks, rejectsOf } from "./test-sources";

// The keys an import groups and matches rows by (batch ids, Message-IDs,
// account ids) end up in indexes. Random base64 does not compress, so 3,200
// characters of it is over PostgreSQL's 2,704-byte limit on an index entry.
const OVERSIZED = randomBytes(2400).toString("base64");

describe.each(testDbKinds())("import keys on %s", (kind) => {
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

  const recipients = (text: string) =>
    importRecipientList(db, { incidentId, fileName: "list.csv", bytesTotal: null, source: chunks(text), actor: null });
  const accounts = (text: string) =>
    importAccounts(db, { fileName: "accounts.csv", bytesTotal: null, source: chunks(text), actor: null });
  const groups = () =>
    db.sql.query<{ batch_key: string; recipient_count: number }>(
      `SELECT batch_key, recipient_count FROM leak_messages ORDER BY batch_key`,
    );

  it("rejects a list's row whose batch id is too long, naming its line and the field, and imports the rest", async () => {
    expect(OVERSIZED).toHaveLength(3200);
    const summary = await recipients(
      `email,batch\nann@example.com,b1\nbob@example.com,${OVERSIZED}\ncat@example.com,b1\n`,
    );
    expect(summary).toMatchObject({ rows: 3, imported: 2, rejected: 1 });
    expect(await rejectsOf(db, summary.importId)).toEqual([
      { line: 3, reason: `batch id too long (3200 characters, at most ${MAX_BATCH_ID_CHARS})` },
    ]);
    expect(await groups()).toEqual([{ batch_key: "b1", recipient_count: 2 }]);
  });

  it("rejects a directory row whose account id is too long, and an event naming one, importing the rest", async () => {
    const directory = await accounts(`id,email\nA1,ann@example.com\n${OVERSIZED},bob@example.com\n`);
    expect(directory).toMatchObject({ imported: 1, rejected: 1 });
    const reason = `account id too long (3200 characters, at most ${MAX_ACCOUNT_ID_CHARS})`;
    expect(await rejectsOf(db, directory.importId)).toEqual([{ line: 3, reason }]);

    const events = await importSecurityEvents(db, {
      incidentId,
      fileName: "events.csv",
      bytesTotal: null,
      format: "csv",
      source: chunks(
        `account id,time,kind\n${OVERSIZED},2019-11-08T00:00:00Z,failed login\nA1,2019-11-08T00:00:00Z,failed login\n`,
      ),
      actor: null,
    });
    expect(events).toMatchObject({ imported: 1, rejected: 1 });
    expect(await rejectsOf(db, events.importId)).toEqual([{ line: 2, reason }]);
  });

  it("groups a message whose Message-ID is too long to be a key by its headers' digest, as one without", async () => {
    const mbox = [
      "From a@x Thu Nov  7 08:30:00 2019",
      `Message-ID: <${OVERSIZED}@exchange.example>`,
      "To: ann@example.com, bob@example.com",
      "",
      "body",
      "",
      "From a@x Thu Nov  7 08:31:00 2019",
      "Message-ID: <short@exchange.example>",
      "To: cat@example.com",
      "",
      "body",
      "",
    ].join("\n");
    const summary = await importMessages(db, {
      incidentId,
      fileName: "sent.mbox",
      bytesTotal: null,
      source: { kind: "mbox", stream: chunks(mbox) },
      actor: null,
    });
    expect(summary).toMatchObject({ imported: 3, rejected: 0 });
    expect(await groups()).toEqual([
      { batch_key: expect.stringMatching(/^sha256:[0-9a-f]{32}$/), recipient_count: 2 },
      { batch_key: "short@exchange.example", recipient_count: 1 },
    ]);
  });

  it("keeps rows whose batch id says 'unbatched' apart from rows without one", async () => {
    await recipients("email,batch\nann@example.com,unbatched\nbob@example.com,\n");
    await recipients("email\ncat@example.com\n");
    const rows = await db.sql.query<{ batch_key: string; emails: string[]; recipient_count: number }>(
      `SELECT m.batch_key, array_agg(r.email_normalized ORDER BY r.email_normalized) AS emails, m.recipient_count
         FROM leak_messages m JOIN leaked_recipients r ON r.message_id = m.id
        GROUP BY m.id ORDER BY m.recipient_count, m.batch_key`,
    );
    expect(rows).toEqual([
      { batch_key: "unbatched", emails: ["ann@example.com"], recipient_count: 1 },
      { batch_key: " unbatched", emails: ["bob@example.com", "cat@example.com"], recipient_count: 2 },
    ]);
    const seenBy = await db.sql.query<{ email_normalized: string; seen_by: number }>(
      `SELECT email_normalized, seen_by FROM triage_entries ORDER BY email_normalized`,
    );
    expect(seenBy).toEqual([
      { email_normalized: "ann@example.com", seen_by: 0 },
      { email_normalized: "bob@example.com", seen_by: 1 },
      { email_normalized: "cat@example.com", seen_by: 1 },
    ]);
  });
});
