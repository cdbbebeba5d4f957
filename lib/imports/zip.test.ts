import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseMessage } from "./messages";
import { collect } from "./test-input";
import { ImportFormatError } from "./types";
import { readZipEntries } from "./zip";

const fixtures = path.join(import.meta.dirname, "fixtures");

describe("readZipEntries", () => {
  it("yields .eml entries and entries that look like messages, skipping the rest", async () => {
    const entries = await collect(readZipEntries(path.join(fixtures, "messages.zip")));
    expect(entries.map((e) => e.name)).toEqual(["export/one.eml", "export/TWO.EML", "export/message-3"]);
    const parsed = await Promise.all(entries.map((e) => parseMessage(e.raw)));
    expect(parsed.flatMap((p) => p.recipients.map((r) => r.emailOriginal))).toEqual([
      "jane@example.com",
      "bob@example.com",
      "carol@example.com",
      "dan@example.com",
    ]);
  });

  it("fails a corrupt or missing zip with ImportFormatError", async () => {
    await expect(collect(readZipEntries(path.join(fixtures, "corrupt.zip")))).rejects.toThrow(ImportFormatError);
    await expect(collect(readZipEntries(path.join(fixtures, "missing.zip")))).rejects.toThrow(ImportFormatError);
  });
});
