import { describe, expect, it } from "vitest";
import { MAX_BATCH_ID_CHARS, parseRecipientCsv } from "./recipients-csv";
import { chunked, collect } from "./test-input";
import { ImportFormatError, type RecipientBatch } from "./types";

async function parseAll(text: string | Buffer, options?: Parameters<typeof parseRecipientCsv>[1], chunk = 7) {
  const batches: RecipientBatch[] = await collect(parseRecipientCsv(chunked(text, chunk), options));
  return {
    batches,
    rows: batches.flatMap((b) => b.rows),
    rejects: batches.flatMap((b) => b.rejects),
    blankLines: batches.reduce((n, b) => n + b.blankLines, 0),
  };
}

describe("parseRecipientCsv", () => {
  it("reads addresses, batch keys and sent-at times with 1-based line numbers", async () => {
    const { rows, rejects } = await parseAll(
      "Email,Name,Batch ID,Sent At\njane@example.com,Jane,b1,2024-03-01T10:00:00Z\nJohn.Doe+x@Gmail.com,John,,\n",
    );
    expect(rejects).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        emailOriginal: "jane@example.com",
        emailNormalized: "jane@example.com",
        displayName: "Jane",
        batchKey: "b1",
        sentAt: new Date("2024-03-01T10:00:00Z"),
      },
      {
        line: 3,
        emailOriginal: "John.Doe+x@Gmail.com",
        emailNormalized: "johndoe@gmail.com",
        displayName: "John",
        batchKey: null,
        sentAt: null,
      },
    ]);
  });

  it("handles a BOM, CRLF, blank lines and quoted fields over several lines", async () => {
    const text =
      '\uFEFFid,"e-mail",note\r\n1,a@example.com,plain\r\n\r\n2,"b@example.com","two\r\nlines, with ""quotes"""\r\n  \r\n3,"""Doe, Jane"" <c@example.com>",x\r\n,,\r\n4,d@example.com,last';
    const { rows, rejects, blankLines } = await parseAll(text);
    expect(rejects).toEqual([]);
    expect(blankLines).toBe(3);
    expect(rows.map((r) => [r.line, r.emailOriginal, r.displayName])).toEqual([
      [2, "a@example.com", null],
      [4, "b@example.com", null],
      [7, "c@example.com", "Doe, Jane"],
      [9, "d@example.com", null],
    ]);
  });

  it("prefers the name in the address cell over the name column", async () => {
    const { rows } = await parseAll('email,name\n"Jane D <jane@example.com>",Jane Doe\nbob@example.com,\n');
    expect(rows.map((r) => r.displayName)).toEqual(["Jane D", null]);
  });

  it("sniffs tab and semicolon delimiters", async () => {
    const tsv = await parseAll("name\temail\nJane, Doe\tjane@example.com\n");
    expect(tsv.rows.map((r) => r.emailOriginal)).toEqual(["jane@example.com"]);
    const semicolon = await parseAll("email;name\njane@example.com;Doe, Jane\n");
    expect(semicolon.rows.map((r) => r.emailOriginal)).toEqual(["jane@example.com"]);
  });

  it("reads UTF-16 with a byte order mark (Excel's Unicode text)", async () => {
    const text = "email\tname\njane@bücher.de\tJäne\n";
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const { rows } = await parseAll(bytes);
    expect(rows.map((r) => r.emailNormalized)).toEqual(["jane@xn--bcher-kva.de"]);
  });

  it("rejects invalid rows with line and reason and keeps the rest", async () => {
    const { rows, rejects } = await parseAll(
      [
        "email,sent_at",
        "good@example.com,2024-03-01",
        "no-at-sign,",
        "bad@localhost,",
        "a@example.com; b@example.com,",
        "late@example.com,31/02/2019",
        "short",
        "",
      ].join("\n"),
    );
    expect(rows.map((r) => r.line)).toEqual([2]);
    expect(rejects).toEqual([
      { line: 3, reason: "missing @", raw: "no-at-sign" },
      { line: 4, reason: "invalid domain", raw: "bad@localhost" },
      { line: 5, reason: "several addresses in one cell", raw: "a@example.com; b@example.com" },
      { line: 6, reason: 'invalid sent-at date "31/02/2019"', raw: "late@example.com,31/02/2019" },
      { line: 7, reason: "missing @", raw: "short" },
    ]);
  });

  it("rejects a row whose address cell is missing", async () => {
    const { rejects } = await parseAll("id,email\n1\n");
    expect(rejects).toEqual([{ line: 2, reason: "missing address column (row too short)", raw: "1" }]);
  });

  it("uses a named address column, case-insensitively", async () => {
    const { rows } = await parseAll("Customer Mail,email\njane@example.com,other@example.com\n", {
      addressColumn: "customer mail",
    });
    expect(rows.map((r) => r.emailOriginal)).toEqual(["jane@example.com"]);
  });

  it("fails the file when no address column exists, listing the headers found", async () => {
    await expect(parseAll("id,name\n1,Jane\n")).rejects.toThrow(
      new ImportFormatError(
        "No address column: expected one of email, e-mail, email address, recipient, address, to (found: id, name)",
      ),
    );
    await expect(parseAll("id,name\n", { addressColumn: "mail" })).rejects.toThrow(
      'No address column: expected "mail" (found: id, name)',
    );
  });

  it("fails empty, binary and never-closed files with the line", async () => {
    await expect(parseAll("\n\n")).rejects.toThrow("The file is empty");
    await expect(parseAll(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).rejects.toThrow("NUL bytes");
    await expect(parseAll('email\na@example.com\n"b@example.com,\nc@example.com\n')).rejects.toThrow(
      /^Line 3: a quoted field is never closed/,
    );
  });

  it("keeps literal quotes inside unquoted fields", async () => {
    const { rows } = await parseAll('email,name\nJane "JD" Doe <jd@example.com>,x\n"Doe, J" <j@example.com>,y\n');
    expect(rows.map((r) => [r.line, r.emailOriginal, r.displayName])).toEqual([
      [2, "jd@example.com", 'Jane "JD" Doe'],
      [3, "j@example.com", "Doe, J"],
    ]);
  });

  it("yields batches of the requested size with growing bytesRead", async () => {
    const lines = ["email"];
    for (let i = 0; i < 25; i++) lines.push(`user${i}@example.com`);
    const text = lines.join("\n") + "\n";
    const { batches, rows } = await parseAll(text, { batchSize: 10 }, 64);
    expect(rows).toHaveLength(25);
    expect(batches.map((b) => b.rows.length)).toEqual([10, 10, 5]);
    const bytes = batches.map((b) => b.bytesRead);
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
    expect(bytes.at(-1)).toBe(Buffer.byteLength(text));
  });

  it("rejects a batch id too long to be a group's key, naming the line and field, and reads the rest", async () => {
    const longest = "b".repeat(MAX_BATCH_ID_CHARS);
    const tooLong = "é".repeat(3200);
    const { rows, rejects } = await parseAll(
      `email,batch\nann@example.com,${longest}\nbob@example.com,${tooLong}\ncat@example.com,b1\n`,
    );
    expect(rows.map((r) => [r.line, r.emailNormalized, r.batchKey])).toEqual([
      [2, "ann@example.com", longest],
      [4, "cat@example.com", "b1"],
    ]);
    expect(rejects).toEqual([
      {
        line: 3,
        reason: `batch id too long (3200 characters, at most ${MAX_BATCH_ID_CHARS})`,
        raw: `bob@example.com,${tooLong}`.slice(0, 500),
      },
    ]);
  });

  it("accepts string chunks", async () => {
    async function* strings() {
      yield "email\nja";
      yield "ne@example.com\n";
    }
    const batches = await collect(parseRecipientCsv(strings()));
    expect(batches.flatMap((b) => b.rows.map((r) => r.emailOriginal))).toEqual(["jane@example.com"]);
  });
});
