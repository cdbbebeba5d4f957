import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import yazl from "yazl";
import { MAX_MESSAGE_BYTES } from "./mbox";
import { parseMessage } from "./messages";
import { collect } from "./test-input";
import { ImportFormatError } from "./types";
import { readZipEntries } from "./zip";

const fixtures = path.join(import.meta.dirname, "fixtures");

let dir = "";
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "breachdesk-zip-test-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

async function writeZip(name: string, entries: [string, Buffer][]): Promise<string> {
  const file = path.join(dir, name);
  const zip = new yazl.ZipFile();
  for (const [entryName, data] of entries) zip.addBuffer(data, entryName);
  zip.end();
  await pipeline(zip.outputStream, fs.createWriteStream(file));
  return file;
}

function message(to: string, bodyBytes = 0): Buffer {
  return Buffer.concat([
    Buffer.from(`From: shop@example.com\r\nTo: ${to}\r\nSubject: Your order\r\n\r\n`),
    Buffer.alloc(bodyBytes, "x"),
  ]);
}

// Every byte yauzl inflates, whoever reads it.
function countInflatedBytes(): { bytes: number } {
  const counter = { bytes: 0 };
  const createInflateRaw = zlib.createInflateRaw;
  vi.spyOn(zlib, "createInflateRaw").mockImplementation((options) => {
    const inflate = createInflateRaw(options);
    const push = inflate.push.bind(inflate);
    inflate.push = (chunk: Buffer | null) => {
      if (chunk) counter.bytes += chunk.length;
      return push(chunk);
    };
    return inflate;
  });
  return counter;
}

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

  it("keeps the whole of a message without the .eml extension, past the part probed", async () => {
    const long = message("carol@example.com", 100_000);
    const file = await writeZip("probed-message.zip", [["export/message-4", long]]);
    const entries = await collect(readZipEntries(file));
    expect(entries).toEqual([{ name: "export/message-4", raw: long }]);
  });

  it("cuts a message at MAX_MESSAGE_BYTES", async () => {
    const file = await writeZip("huge-message.zip", [["huge.eml", message("jane@example.com", MAX_MESSAGE_BYTES)]]);
    const [entry, ...rest] = await collect(readZipEntries(file));
    expect(rest).toEqual([]);
    expect(entry?.raw.length).toBe(MAX_MESSAGE_BYTES);
  });

  it("fails once the archive decompresses past the total cap, naming the entry", async () => {
    const file = await writeZip("over-cap.zip", [
      ["a.eml", message("a@example.com", 40_000)],
      ["b.eml", message("b@example.com", 40_000)],
      ["c.eml", message("c@example.com", 40_000)],
    ]);
    const names: string[] = [];
    const read = async () => {
      for await (const entry of readZipEntries(file, { maxInflatedBytes: 100_000 })) names.push(entry.name);
    };
    await expect(read()).rejects.toThrow(
      new ImportFormatError(
        'The zip file decompresses to more than 100000 bytes (reached at entry "c.eml"); split it into smaller archives',
      ),
    );
    expect(names).toEqual(["a.eml", "b.eml"]);
  });

  it("inflates a file that is not a message only as far as the probe", async () => {
    // 16 MB of zeros (about 16 KB zipped): under the per-message cap, so it is probed, and
    // sixteen times the total cap below, so reading it whole would fail the archive.
    const file = await writeZip("attachment.zip", [
      ["export/attachment.bin", Buffer.alloc(16 * 1024 * 1024)],
      ["export/one.eml", message("jane@example.com")],
    ]);
    const inflated = countInflatedBytes();
    const entries = await collect(readZipEntries(file, { maxInflatedBytes: 1024 * 1024 }));
    expect(entries.map((e) => e.name)).toEqual(["export/one.eml"]);
    expect(inflated.bytes).toBeGreaterThan(0);
    expect(inflated.bytes).toBeLessThan(256 * 1024);
  });
});
