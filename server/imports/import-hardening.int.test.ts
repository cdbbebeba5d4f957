import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { createIncident } from "../incidents/create-incident";
import { importSecurityEvents } from "./import-events";
import { importMessages } from "./import-messages";
import { importRecipientList } from "./import-recipients";
import { chunks, rejectsOf } from "./test-sources";

// NUL bytes, huge headers and hostile address lists, through the real import path on a real database:
// each bad input is a validation error naming its line (nothing written) or a
// reject row naming what was wrong, never an unexpected failure.

describe.each(testDbKinds())("import hardening on %s", (kind) => {
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

  it("refuses a recipient list with a NUL byte past the first 4 KB, naming the line, with nothing written", async () => {
    const rows = Array.from({ length: 300 }, (_, i) => `user${i}@example.com`);
    const text = `email\n${rows.join("\n")}\nbad\u0000@example.com\n`;
    expect(text.indexOf("\u0000")).toBeGreaterThan(4096);
    await expect(
      importRecipientList(db, {
        incidentId,
        fileName: "list.csv",
        bytesTotal: null,
        source: chunks(text),
        actor: null,
      }),
    ).rejects.toMatchObject({ code: "VALIDATION", message: "Line 302 contains a NUL byte; this is not a CSV file" });
    expect(await db.prisma.leakedRecipient.count()).toBe(0);
    expect(await db.prisma.importJob.findFirstOrThrow()).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/Line 302/),
    });
  });

  it("refuses JSON-lines events with a raw NUL, and keeps an escaped one as a reject row", async () => {
    const good = '{"email":"ann@example.com","time":"2019-11-08T00:00:00Z","kind":"failed login"}';
    const lines = Array.from({ length: 80 }, () => good);
    const raw = [...lines, good.replace("failed", "fail\u0000ed")].join("\n");
    const events = (text: string) =>
      importSecurityEvents(db, {
        incidentId,
        fileName: "events.jsonl",
        bytesTotal: null,
        format: "jsonl",
        source: chunks(text),
        actor: null,
      });
    await expect(events(raw)).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringMatching(/^Line 81 contains a NUL byte/),
    });
    const escaped = [...lines, good.replace('"kind"', '"detail":"x\\u0000y","kind"')].join("\n");
    const summary = await events(escaped);
    expect(await rejectsOf(db, summary.importId, { raw: true })).toContainEqual({
      line: 81,
      reason: "invalid detail: contains a NUL character",
      raw: expect.any(String),
    });
  });

  it("rejects one message whose headers are over 1 MB and imports the others", async () => {
    const mbox = [
      "From a@x Thu Nov  7 08:30:00 2019",
      "To: first@example.com",
      "",
      "body",
      "",
      "From a@x Thu Nov  7 08:31:00 2019",
      "To: second@example.com",
      `X-Padding: ${"p".repeat(2.5 * (1 << 20))}`,
      "",
      "body",
      "",
      "From a@x Thu Nov  7 08:32:00 2019",
      "To: third@example.com",
      "",
      "body",
      "",
    ].join("\n");
    const summary = await importMessages(db, {
      incidentId,
      fileName: "sent.mbox",
      bytesTotal: null,
      source: { kind: "mbox", stream: chunks(mbox, 1 << 16) },
      actor: null,
    });
    expect(summary).toMatchObject({ imported: 2, rejected: 1 });
    expect(await rejectsOf(db, summary.importId, { raw: true })).toEqual([
      { line: 6, reason: "message headers longer than 1 MB (message not read)", raw: "" },
    ]);
  });

  it("imports exactly what the header says, rejecting the rest with reasons that name the file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "breachdesk-eml-"));
    try {
      fs.writeFileSync(
        path.join(dir, "a.eml"),
        [
          "Message-ID: <a@x>",
          'To: hello world@iana.org, Fred\\ Bloggs@iana.org, "test"test@iana.org, first(middle)last@iana.org,',
          " test . test@iana.org, =?UTF-8?Q?Doe,_Jane?= <jane@example.com>",
          "",
          "body",
          "",
        ].join("\r\n"),
      );
      fs.writeFileSync(path.join(dir, "b.eml"), "Message-ID: <b@x>\rCc: carol@example.com\r\rbody\r");
      const summary = await importMessages(db, {
        incidentId,
        fileName: "export",
        bytesTotal: null,
        source: { kind: "dir", path: dir },
        actor: null,
      });
      const imported = await db.prisma.leakedRecipient.findMany({ orderBy: { emailNormalized: "asc" } });
      expect(imported.map((r) => [r.emailOriginal, r.displayName])).toEqual([
        ["carol@example.com", null],
        ["jane@example.com", "Doe, Jane"],
        ["test.test@iana.org", null],
      ]);
      const rejects = await rejectsOf(db, summary.importId, { raw: true });
      expect(rejects.map((r) => [r.line, r.raw])).toEqual([
        [1, "hello world@iana.org"],
        [1, "Fred\\ Bloggs@iana.org"],
        [1, '"test"test@iana.org'],
        [1, "first(middle)last@iana.org"],
      ]);
      expect(rejects.every((r) => r.reason.endsWith(" in To (file a.eml)"))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
