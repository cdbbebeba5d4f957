import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { BULK_MIN_ROWS } from "../db/incident-partition";
import { createIncident } from "../incidents/create-incident";
import { importAccounts } from "./import-accounts";
import { importSecurityEvents } from "./import-events";
import { importMessages } from "./import-messages";
import { importRecipientList } from "./import-recipients";
import { rejectsOf } from "./test-sources";

const FIXTURES = path.resolve(import.meta.dirname, "../../lib/imports/fixtures");

async function* chunks(text: string | Buffer, size = 7): AsyncGenerator<Buffer> {
  // Small chunks: records and multi-byte characters straddle chunk borders.
  const buffer = Buffer.isBuffer(text) ? text : Buffer.from(text, "utf8");
  for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
}

describe.each(testDbKinds())("imports on %s", (kind) => {
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
    const incident = await createIncident(
      db,
      { slug: "leak", title: "Leak", awareAt: "2019-11-07T09:12:00Z", leakStartedAt: "2019-11-07T08:30:00Z" },
      null,
    );
    incidentId = incident.id;
  });

  const recipients = (text: string | Buffer, extra: { addressColumn?: string; fileName?: string } = {}) =>
    importRecipientList(db, {
      incidentId,
      fileName: extra.fileName ?? "list.csv",
      bytesTotal: null,
      source: chunks(text),
      addressColumn: extra.addressColumn,
      actor: null,
    });

  const accounts = (text: string) =>
    importAccounts(db, { fileName: "accounts.csv", bytesTotal: null, source: chunks(text), actor: null });

  describe("leaked-recipient lists", () => {
    it("reads CSV with a BOM, CRLF, quotes, name-addr cells and blank lines, and rejects bad rows by line", async () => {
      const csv =
        "\uFEFFName,Email Address,Batch\r\n" +
        '"Doe, Jane","""Doe, Jane"" <Jane.Doe+news@GMail.com>",1\r\n' +
        "\r\n" +
        "Bob,bob@example.com,1\r\n" +
        "Nobody,not-an-address,1\r\n" +
        "Two,a@example.com b@example.com,2\r\n" +
        "Empty,,2\r\n" +
        "Bad domain,x@-bad-.com,2\r\n" +
        'Multi,"line\r\nbreak@example.com",2\r\n' +
        "Short\r\n" +
        "IDN,anna@bücher.de,2\r\n";
      const summary = await recipients(csv);
      expect(summary).toMatchObject({
        rows: 9,
        imported: 3,
        duplicates: 0,
        rejected: 6,
        blankLines: 1,
        matched: 0,
        unmatched: 3,
      });
      const rejects = await rejectsOf(db, summary.importId);
      expect(rejects.map((r) => r.line)).toEqual([5, 6, 7, 8, 9, 11]);
      expect(rejects.find((r) => r.line === 5)?.reason).toMatch(/missing @/);
      expect(rejects.find((r) => r.line === 6)?.reason).toMatch(/several addresses/);
      expect(rejects.find((r) => r.line === 7)?.reason).toMatch(/empty address|missing address/);
      expect(rejects.find((r) => r.line === 8)?.reason).toMatch(/invalid domain/);
      expect(rejects.find((r) => r.line === 11)?.reason).toMatch(/row too short/);
      const stored = await db.sql.query<{
        email_original: string;
        email_normalized: string;
        display_name: string | null;
      }>(`SELECT email_original, email_normalized, display_name FROM leaked_recipients ORDER BY email_normalized`);
      expect(stored).toEqual([
        // A name column fills the display name when the cell has none.
        { email_original: "anna@bücher.de", email_normalized: "anna@xn--bcher-kva.de", display_name: "IDN" },
        { email_original: "bob@example.com", email_normalized: "bob@example.com", display_name: "Bob" },
        { email_original: "Jane.Doe+news@GMail.com", email_normalized: "janedoe@gmail.com", display_name: "Doe, Jane" },
      ]);
    });

    it("adds nothing when the same file is imported again", async () => {
      const csv = "email\nann@example.com\nbob@example.com\nann@example.com\n";
      expect(await recipients(csv)).toMatchObject({ rows: 3, imported: 2, duplicates: 1 });
      expect(await recipients(csv)).toMatchObject({ rows: 3, imported: 0, duplicates: 3, matched: 0, unmatched: 2 });
      expect((await db.prisma.incidentStats.findUniqueOrThrow({ where: { incidentId } })).leakedRecipients).toBe(2);
    });

    it("reads TSV, takes a named address column and groups rows by batch into exposure groups", async () => {
      const tsv =
        "id\tcontact\tbatch_id\tsent_at\n1\ta@example.com\tB1\t2019-11-07T08:30:00Z\n2\tb@example.com\tB1\t2019-11-07T08:30:00Z\n3\tc@example.com\tB2\tyesterday\n";
      const summary = await recipients(tsv, { addressColumn: "Contact", fileName: "list.tsv" });
      expect(summary).toMatchObject({ imported: 2, rejected: 1 });
      expect((await rejectsOf(db, summary.importId))[0]).toEqual({ line: 4, reason: expect.stringMatching(/date/) });
      const messages = await db.sql.query<{ batch_key: string; recipient_count: number }>(
        `SELECT batch_key, recipient_count FROM leak_messages`,
      );
      expect(messages).toEqual([{ batch_key: "B1", recipient_count: 2 }]);
    });

    it("re-counts who saw whom when a later file adds to a batch an earlier one began", async () => {
      // One send split across two files: everyone in B1 saw the other three.
      await recipients("email,batch\nann@example.com,B1\nbob@example.com,B1\ncat@example.com,B2\n");
      await recipients("email,batch\ndan@example.com,B1\neve@example.com,B1\n");
      const seenBy = await db.sql.query<{ email_normalized: string; seen_by: number }>(
        `SELECT email_normalized, seen_by FROM triage_entries WHERE incident_id = $1 ORDER BY email_normalized`,
        [incidentId],
      );
      expect(seenBy).toEqual([
        { email_normalized: "ann@example.com", seen_by: 3 },
        { email_normalized: "bob@example.com", seen_by: 3 },
        { email_normalized: "cat@example.com", seen_by: 0 },
        { email_normalized: "dan@example.com", seen_by: 3 },
        { email_normalized: "eve@example.com", seen_by: 3 },
      ]);
      const stats = await db.prisma.incidentStats.findUniqueOrThrow({ where: { incidentId } });
      expect(stats).toMatchObject({ leakedRecipients: 5, uniqueAddresses: 5, messages: 2 });
    });

    it("fails clearly, and changes nothing, when no address column exists", async () => {
      await expect(recipients("name,phone\nJane,123\n")).rejects.toMatchObject({
        code: "VALIDATION",
        message: expect.stringMatching(/No address column/),
      });
      expect(await db.prisma.leakedRecipient.count()).toBe(0);
      const job = await db.prisma.importJob.findFirstOrThrow();
      expect(job).toMatchObject({ status: "failed", error: expect.stringMatching(/No address column/) });
    });

    it("matches leaked addresses to accounts by the normalised mailbox, either way round", async () => {
      await accounts("account id,email,2fa,balance\nA1,jane.doe@gmail.com,no,2500\n");
      const summary = await recipients("email\nJaneDoe+promo@gmail.com\nnobody@example.com\n");
      expect(summary).toMatchObject({ matched: 1, unmatched: 1 });
      // An account imported after the list is matched too.
      await accounts("account id,email,2fa,balance\nA2,nobody@example.com,yes,10\n");
      const [totals] = await db.sql.query<{ matched: number }>(
        `SELECT count(account_id)::int AS matched FROM triage_entries`,
      );
      expect(totals!.matched).toBe(2);
      expect((await db.prisma.incidentStats.findUniqueOrThrow({ where: { incidentId } })).matchedAccounts).toBe(2);
    });

    it("records an automatic timeline event with the counts", async () => {
      await recipients("email\na@example.com\n");
      const events = await db.prisma.timelineEvent.findMany({
        where: { incidentId, source: "system" },
        include: { versions: true },
      });
      expect(events).toHaveLength(1);
      expect(events[0]!.versions[0]!.title).toMatch(/imported: 1 new of 1 rows/);
    });

    it("leaves the incident as it was when applying fails part-way", async () => {
      await recipients("email\nfirst@example.com\n");
      const before = await db.sql.query(`SELECT * FROM incident_stats`);
      await db.sql.exec(`
        CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN
          IF NEW.email_normalized = 'boom@example.com' THEN RAISE EXCEPTION 'simulated crash'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
        CREATE TRIGGER boom BEFORE INSERT ON leaked_recipients FOR EACH ROW EXECUTE FUNCTION boom();`);
      await expect(recipients("email\nsecond@example.com\nboom@example.com\n")).rejects.toThrow(/simulated crash/);
      await db.sql.exec(`DROP TRIGGER boom ON leaked_recipients; DROP FUNCTION boom();`);
      expect((await db.prisma.leakedRecipient.findMany()).map((r) => r.emailNormalized)).toEqual(["first@example.com"]);
      expect(await db.prisma.leakMessage.count()).toBe(1);
      expect(await db.sql.query(`SELECT * FROM incident_stats`)).toEqual(before);
      expect((await db.prisma.importJob.findFirstOrThrow({ orderBy: { startedAt: "desc" } })).status).toBe("failed");
    });
  });

  describe("an incident's first large list", () => {
    // Enough rows for the bulk path: the incident's own partitions of
    // leaked_recipients and triage_entries, keyed and indexed once loaded.
    const big = (from: number, count: number) =>
      `email,batch\n${Array.from({ length: count }, (_, i) => `user${from + i}@example.com,b${Math.floor((from + i) / 1000)}`).join("\n")}\n`;
    const ownPartitions = () =>
      db.sql.query<{ parent: string }>(
        `SELECT i.inhparent::regclass::text AS parent FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE pg_get_expr(c.relpartbound, c.oid) = format('FOR VALUES IN (%L)', $1::text) ORDER BY 1`,
        [incidentId],
      );

    it("goes into partitions of the incident's own; later imports add to them row by row", async () => {
      await accounts(`account id,email\nA1,user7@example.com\n`);
      const count = BULK_MIN_ROWS + 10;
      const first = await recipients(big(0, count));
      expect(first).toMatchObject({ rows: count, imported: count, duplicates: 0, matched: 1, unmatched: count - 1 });
      expect(await ownPartitions()).toEqual([{ parent: "leaked_recipients" }, { parent: "triage_entries" }]);
      const [inDefault] = await db.sql.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM leaked_recipients_default) + (SELECT count(*) FROM triage_entries_default) AS n`,
      );
      expect(Number(inDefault!.n)).toBe(0);

      expect(await recipients(big(0, count))).toMatchObject({ imported: 0, duplicates: count, unmatched: count - 1 });
      expect(await recipients(big(count - 5, 10))).toMatchObject({ imported: 5, duplicates: 5, unmatched: count + 4 });
      const stats = await db.prisma.incidentStats.findUniqueOrThrow({ where: { incidentId } });
      expect(stats).toMatchObject({ leakedRecipients: count + 5, uniqueAddresses: count + 5, matchedAccounts: 1 });
      expect(await ownPartitions()).toEqual([{ parent: "leaked_recipients" }, { parent: "triage_entries" }]);
    });

    it("leaves nothing behind when the import fails after loading", async () => {
      await db.sql.exec(`
        CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'simulated crash'; END $$ LANGUAGE plpgsql;
        CREATE TRIGGER boom BEFORE INSERT OR UPDATE ON incident_stats FOR EACH ROW EXECUTE FUNCTION boom();`);
      try {
        await expect(recipients(big(0, BULK_MIN_ROWS))).rejects.toThrow(/simulated crash/);
      } finally {
        await db.sql.exec(`DROP TRIGGER boom ON incident_stats; DROP FUNCTION boom();`);
      }
      expect(await ownPartitions()).toEqual([]);
      expect(await db.prisma.leakedRecipient.count()).toBe(0);
      expect(await db.prisma.triageEntry.count()).toBe(0);
      expect(await db.prisma.leakMessage.count()).toBe(0);
    });
  });

  describe("sent messages", () => {
    const mbox = [
      "From a@exchange.example Thu Nov  7 08:30:00 2019",
      "Message-ID: <b1@exchange.example>",
      "Date: Thu, 07 Nov 2019 08:30:00 +0000",
      "Subject: =?UTF-8?B?SW5kaWNlcyB1cGRhdGU=?=",
      'To: "Doe, Jane" <jane@example.com>, bob@example.com,',
      " =?UTF-8?Q?J=C3=BCrgen?= <jurgen@example.de>",
      "Cc: carol@example.com",
      "Bcc: hidden@example.com",
      "",
      "Body text",
      ">From escaped line",
      "",
      "From a@exchange.example Thu Nov  7 08:32:00 2019",
      "Message-ID: <b2@exchange.example>",
      "Subject: batch two",
      "To: dave@example.com, broken-address",
      "",
      "Body",
      "",
      "From a@exchange.example Thu Nov  7 08:34:00 2019",
      "Subject: no recipients",
      "",
      "Body",
      "",
    ].join("\n");

    it("imports an mbox: each message an exposure group, display names and encoded words decoded, Bcc not exposed", async () => {
      const summary = await importMessages(db, {
        incidentId,
        fileName: "sent.mbox",
        bytesTotal: null,
        source: { kind: "mbox", stream: chunks(mbox, 64) },
        actor: null,
      });
      const rejects = await rejectsOf(db, summary.importId);
      expect(rejects).toEqual([
        { line: 13, reason: expect.stringMatching(/missing @/) },
        { line: 20, reason: "message has no To, Cc or Bcc recipients" },
      ]);
      expect(summary).toMatchObject({ imported: 6, rejected: 2, unmatched: 5 });
      const groups = await db.sql.query<{ batch_key: string; subject: string; recipient_count: number }>(
        `SELECT batch_key, subject, recipient_count FROM leak_messages ORDER BY batch_key`,
      );
      expect(groups).toEqual([
        { batch_key: "b1@exchange.example", subject: "Indices update", recipient_count: 4 },
        { batch_key: "b2@exchange.example", subject: "batch two", recipient_count: 1 },
      ]);
      const jurgen = await db.prisma.leakedRecipient.findFirstOrThrow({
        where: { emailNormalized: "jurgen@example.de" },
      });
      expect(jurgen.displayName).toBe("Jürgen");
      const hidden = await db.prisma.leakedRecipient.findFirstOrThrow({
        where: { emailNormalized: "hidden@example.com" },
      });
      expect(hidden.visibility).toBe("bcc");
      expect(await db.prisma.triageEntry.count({ where: { emailNormalized: "hidden@example.com" } })).toBe(0);
      const jane = await db.prisma.triageEntry.findFirstOrThrow({ where: { emailNormalized: "jane@example.com" } });
      expect(jane.seenBy).toBe(3);
      // Again: nothing new.
      const again = await importMessages(db, {
        incidentId,
        fileName: "sent.mbox",
        bytesTotal: null,
        source: { kind: "mbox", stream: chunks(mbox, 64) },
        actor: null,
      });
      expect(again).toMatchObject({ imported: 0, duplicates: 6 });
    });

    it("imports a single .eml, a zip of .eml files and a folder of them", async () => {
      const eml = "Message-ID: <one@x>\r\nSubject: one\r\nTo: one@example.com\r\n\r\nbody\r\n";
      expect(
        await importMessages(db, {
          incidentId,
          fileName: "one.eml",
          bytesTotal: null,
          source: { kind: "eml", stream: chunks(eml) },
          actor: null,
        }),
      ).toMatchObject({ imported: 1 });

      const zipSummary = await importMessages(db, {
        incidentId,
        fileName: "messages.zip",
        bytesTotal: null,
        source: { kind: "zip", path: path.join(FIXTURES, "messages.zip") },
        actor: null,
      });
      expect(zipSummary.imported).toBeGreaterThan(0);
      expect(zipSummary.rejected).toBe(0);

      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "breachdesk-eml-"));
      try {
        fs.writeFileSync(path.join(dir, "a.eml"), "Message-ID: <a@x>\nTo: a1@example.com, a2@example.com\n\nx\n");
        fs.mkdirSync(path.join(dir, "sub"));
        fs.writeFileSync(path.join(dir, "sub", "b.eml"), "Message-ID: <b@x>\nCc: b1@example.com\n\nx\n");
        fs.writeFileSync(path.join(dir, "notes.txt"), "not a message");
        const folder = await importMessages(db, {
          incidentId,
          fileName: "export",
          bytesTotal: null,
          source: { kind: "dir", path: dir },
          actor: null,
        });
        expect(folder).toMatchObject({ imported: 3, rejected: 0 });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it("refuses a corrupt zip with a clear message", async () => {
      await expect(
        importMessages(db, {
          incidentId,
          fileName: "corrupt.zip",
          bytesTotal: null,
          source: { kind: "zip", path: path.join(FIXTURES, "corrupt.zip") },
          actor: null,
        }),
      ).rejects.toMatchObject({ code: "VALIDATION" });
    });
  });

  describe("customer directory", () => {
    it("adds, updates and recognises accounts, and rejects every bad row by line and reason", async () => {
      const csv = [
        "Account ID,E-mail,2FA,Balance USD,Country,Created,Last login",
        'A1,ann@example.com,yes,"1,234.56",gb,2018-01-02,2019-11-01T10:00:00Z',
        "A2,bob@example.com,no,0,DE,,",
        ",nobody@example.com,no,1,GB,,",
        "A3,,no,1,GB,,",
        "A4,not-an-address,no,1,GB,,",
        "A5,e@example.com,maybe,1,GB,,",
        "A6,f@example.com,no,abc,GB,,",
        "A7,g@example.com,no,-5,GB,,",
        "A8,h@example.com,no,1,XX1,,",
        "A9,i@example.com,no,1,GB,31/02/2019,",
        "A1,ann2@example.com,yes,1,GB,,",
        "A10,ANN@example.com,no,1,GB,,",
      ].join("\n");
      const summary = await accounts(csv);
      expect(summary).toMatchObject({ rows: 12, imported: 2, updated: 0, rejected: 10 });
      const rejects = await rejectsOf(db, summary.importId);
      expect(rejects).toEqual([
        { line: 4, reason: "missing account id" },
        { line: 5, reason: "missing email" },
        { line: 6, reason: expect.stringMatching(/^invalid email: missing @/) },
        { line: 7, reason: 'invalid 2FA value "maybe"' },
        { line: 8, reason: 'invalid balance "abc"' },
        { line: 9, reason: 'negative balance "-5"' },
        { line: 10, reason: expect.stringMatching(/^invalid country/) },
        { line: 11, reason: expect.stringMatching(/^invalid date in created/) },
        { line: 12, reason: "duplicate account id A1 (first on line 2)" },
        { line: 13, reason: "e-mail ANN@example.com is the same mailbox as account A1 (line 2)" },
      ]);
      const ann = await db.prisma.customerAccount.findUniqueOrThrow({ where: { externalId: "A1" } });
      expect(ann).toMatchObject({ balanceUsdCents: 123456n, country: "GB", twoFactorEnabled: true });

      const again = await accounts(
        "Account ID,E-mail,2FA,Balance USD,Country,Created,Last login\nA1,ann@example.com,yes,1234.56,GB,2018-01-02,2019-11-01T10:00:00Z\nA2,bob@example.com,yes,0,DE,,\nA3,bob@Example.com,no,1,GB,,\n",
      );
      expect(again).toMatchObject({ imported: 0, updated: 1, rejected: 1 });
      expect((await rejectsOf(db, again.importId))[0]!.reason).toBe(
        "e-mail bob@Example.com is the same mailbox as account A2 (line 3)",
      );
      const existing = await accounts("account id,email\nA11,Bob+x@example.com\n");
      expect((await rejectsOf(db, existing.importId))[0]!.reason).toBe(
        "e-mail Bob+x@example.com is the same mailbox as existing account A2",
      );
    });

    it("changes only the columns a re-imported directory has", async () => {
      await accounts(
        "account id,email,2fa,balance,country,last login\nA1,a@example.com,yes,2500,GB,2019-11-01T10:00:00Z\n",
      );
      const full = await db.prisma.customerAccount.findUniqueOrThrow({ where: { externalId: "A1" } });
      // An export with fewer columns: nothing it does not say changes.
      expect(await accounts("account id,email\nA1,a@example.com\n")).toMatchObject({ imported: 0, updated: 0 });
      expect(await db.prisma.customerAccount.findUniqueOrThrow({ where: { externalId: "A1" } })).toEqual(full);
      expect(await accounts("account id,email,country\nA1,a@example.com,DE\n")).toMatchObject({ updated: 1 });
      expect(await db.prisma.customerAccount.findUniqueOrThrow({ where: { externalId: "A1" } })).toEqual({
        ...full,
        country: "DE",
      });
    });

    it("ranks an account with a balance tier and no balance by its tier", async () => {
      await accounts("account id,email,balance tier\nW1,whale@example.com,whale\n");
      expect(
        (await db.prisma.customerAccount.findUniqueOrThrow({ where: { externalId: "W1" } })).balanceUsdCents,
      ).toBeNull();
      await recipients("email\nwhale@example.com\n");
      const [row] = await db.sql.query<{
        balance_usd_cents: unknown;
        balance_tier: string;
        risk_tier: string;
        risk_rules: string[];
      }>(`SELECT balance_usd_cents, balance_tier, risk_tier, risk_rules FROM triage_entries`);
      expect(row).toEqual({
        balance_usd_cents: null,
        balance_tier: "whale",
        risk_tier: "high",
        risk_rules: ["balance_without_2fa", "large_balance", "no_2fa"],
      });
    });

    it("accepts a balance tier instead of a balance", async () => {
      const summary = await accounts(
        "account id,email,balance tier\nW1,whale@example.com,Whale\nW2,x@example.com,huge\n",
      );
      expect(summary).toMatchObject({ imported: 1, rejected: 1 });
      expect((await db.prisma.customerAccount.findUniqueOrThrow({ where: { externalId: "W1" } })).balanceTier).toBe(
        "whale",
      );
    });
  });

  describe("security events", () => {
    beforeEach(async () => {
      await accounts("account id,email,2fa,balance\nA1,ann@example.com,no,500000\nA2,bob@example.com,yes,10\n");
      await recipients("email\nann@example.com\nbob@example.com\n");
    });

    it("imports CSV events by account id or e-mail, re-ranks the exposed accounts, and rejects bad rows", async () => {
      const csv = [
        "account_id,email,time,kind,ip,detail",
        "A1,,2019-11-07T12:12:00Z,password changed,203.0.113.9,",
        ",BOB@example.com,2019-11-08T01:00:00+01:00,new device login,198.51.100.2,Firefox",
        "A1,,2019-11-07T12:12:00Z,password changed,203.0.113.9,",
        ",,2019-11-08T01:00:00Z,failed login,,",
        "A1,,,failed login,,",
        "A1,,2019-11-08 01:00,failed login,,",
        "A1,,not a time,failed login,,",
        "A1,,2019-11-08T01:00:00Z,,,",
        "A1,,2019-11-08T01:00:00Z,teleported,,",
        "A1,,2019-11-08T01:00:00Z,failed login,999.1.1.1,",
        ",not-an-email,2019-11-08T01:00:00Z,failed login,,",
        "ZZ,,2019-11-08T01:00:00Z,failed login,,",
        ",ghost@example.com,2019-11-08T01:00:00Z,failed login,,",
      ].join("\n");
      const summary = await importSecurityEvents(db, {
        incidentId,
        fileName: "events.csv",
        bytesTotal: null,
        format: "csv",
        source: chunks(csv),
        actor: null,
      });
      expect(summary).toMatchObject({ rows: 13, imported: 2, duplicates: 1, rejected: 10 });
      expect((await rejectsOf(db, summary.importId)).map((r) => [r.line, r.reason])).toEqual([
        [5, "missing account id and email"],
        [6, "missing time"],
        [7, "time without time zone"],
        [8, expect.stringMatching(/^invalid time/)],
        [9, "missing event kind"],
        [10, 'unknown event kind "teleported"'],
        [11, 'invalid IP address "999.1.1.1"'],
        [12, expect.stringMatching(/^invalid email/)],
        [13, "unknown account ZZ"],
        [14, "no account with e-mail ghost@example.com"],
      ]);
      const ann = await db.prisma.triageEntry.findFirstOrThrow({ where: { emailNormalized: "ann@example.com" } });
      expect(ann.riskTier).toBe("critical");
      expect(ann.riskRules).toContain("password_changed");
      const bob = await db.prisma.triageEntry.findFirstOrThrow({ where: { emailNormalized: "bob@example.com" } });
      expect(bob.riskRules).toEqual(["new_device_login"]);
      expect((await db.prisma.incidentStats.findUniqueOrThrow({ where: { incidentId } })).changedAfterT0).toBe(1);
    });

    it("imports JSON lines and rejects malformed lines", async () => {
      const jsonl = [
        '{"account_id":"A2","time":"2019-11-07T12:00:00Z","kind":"2fa change"}',
        "not json",
        '{"account_id":"A2","time":"2019-11-07T13:00:00Z","kind":"withdrawal address change","ip":"2001:db8::1"}',
        "",
        '{"account_id":["A2"],"time":"2019-11-07T13:00:00Z","kind":"api key created"}',
      ].join("\n");
      const summary = await importSecurityEvents(db, {
        incidentId,
        fileName: "events.jsonl",
        bytesTotal: null,
        format: "jsonl",
        source: chunks(jsonl),
        actor: null,
      });
      expect(summary).toMatchObject({ imported: 2, rejected: 2, blankLines: 1 });
      expect((await rejectsOf(db, summary.importId)).map((r) => r.reason)).toEqual([
        "invalid JSON",
        expect.stringMatching(/expected text/),
      ]);
      const bob = await db.prisma.triageEntry.findFirstOrThrow({ where: { emailNormalized: "bob@example.com" } });
      expect(bob.riskRules).toEqual(["withdrawal_address_changed", "security_details_changed"]);
    });
  });
});
