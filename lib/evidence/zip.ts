import { type Readable } from "node:stream";
import yauzl from "yauzl";
import yazl from "yazl";
import type { PackFile } from "./manifest";

// A pack is small (a report, some JSON, one incident's audit entries), so it
// is made and read in memory: the database keeps it as bytes.

const MAX_ENTRIES = 64;
const MAX_ENTRY_BYTES = 512 * 1024 * 1024;

export function zipFiles(files: readonly PackFile[], mtime: Date): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const file of files) zip.addBuffer(file.data, file.name, { mtime, mode: 0o100644 });
  zip.end();
  return readStream(zip.outputStream as Readable, Number.MAX_SAFE_INTEGER);
}

async function readStream(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      stream.destroy();
      throw new Error(`an entry is larger than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The zip's files by name; throws on a corrupt zip, a duplicate name, folders or too many entries. */
export async function unzipFiles(data: Buffer): Promise<Map<string, Buffer>> {
  const zip = await yauzl.fromBufferPromise(data, { lazyEntries: true, validateEntrySizes: true });
  const files = new Map<string, Buffer>();
  try {
    for await (const entry of zip.eachEntry()) {
      if (files.size >= MAX_ENTRIES) throw new Error(`more than ${MAX_ENTRIES} entries`);
      if (files.has(entry.fileName)) throw new Error(`"${entry.fileName}" appears twice`);
      if (entry.fileName.endsWith("/")) throw new Error(`"${entry.fileName}" is a folder`);
      files.set(entry.fileName, await readStream(await zip.openReadStreamPromise(entry), MAX_ENTRY_BYTES));
    }
  } finally {
    zip.close();
  }
  return files;
}
