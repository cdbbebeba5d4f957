import { type Readable } from "node:stream";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { hasEmlExtension, looksLikeEml } from "./eml";
import { MAX_MESSAGE_BYTES } from "./mbox";
import { ImportFormatError } from "./types";

export type ZipMessage = { name: string; raw: Buffer };

// macOS resource forks (__MACOSX/, ._name) and folders carry no messages.
function isSkippedName(name: string): boolean {
  if (name.endsWith("/")) return true;
  const parts = name.split("/");
  return parts.includes("__MACOSX") || (parts.at(-1) ?? "").startsWith("._");
}

// looksLikeEml decides on a message's first 8 KB, so a file without the .eml extension is
// decompressed that far and no further unless it turns out to be a message.
const PROBE_BYTES = 8192;

/**
 * The most an archive may decompress to, all entries together (counting only what is read).
 * Deflate expands up to a thousandfold, so a zip under the upload cap could otherwise cost
 * hundreds of GB of inflating. Real messages (each zipped on its own, mostly base64) shrink
 * a few times at most, so eight times the default upload cap (512 MiB) leaves them room.
 */
const MAX_ZIP_INFLATED_BYTES = 4 * 1024 ** 3;

type ZipReadOptions = { maxInflatedBytes?: number };

type Budget = { spent: number; max: number };

function describeBytes(bytes: number): string {
  if (bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3} GB`;
  if (bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2} MB`;
  return `${bytes} bytes`;
}

/**
 * An entry's content up to MAX_MESSAGE_BYTES, or null when `probe` is set and its first
 * PROBE_BYTES do not look like a message. Leaving the loop destroys the stream, which stops
 * yauzl reading and inflating the entry: nothing is decompressed past what is kept.
 */
async function readEntry(stream: Readable, name: string, probe: boolean, budget: Budget): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  let probing = probe;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    budget.spent += chunk.length;
    if (budget.spent > budget.max) {
      throw new ImportFormatError(
        `The zip file decompresses to more than ${describeBytes(budget.max)} (reached at entry "${name}"); split it into smaller archives`,
      );
    }
    chunks.push(chunk);
    size += chunk.length;
    if (probing && size >= PROBE_BYTES) {
      if (!looksLikeEml(Buffer.concat(chunks))) return null;
      probing = false;
    }
    if (size >= MAX_MESSAGE_BYTES) break;
  }
  const raw = Buffer.concat(chunks, Math.min(size, MAX_MESSAGE_BYTES));
  return probing && !looksLikeEml(raw) ? null : raw;
}

function corrupt(error: unknown): ImportFormatError {
  const detail = error instanceof Error ? error.message : String(error);
  return new ImportFormatError(`The zip file is corrupt or unreadable: ${detail}`);
}

/**
 * The messages in a zip of .eml files, one entry at a time (entries are read from the
 * central directory, so only one message is in memory). Entries without the .eml
 * extension are kept only when their content looks like a message; a message larger than
 * MAX_MESSAGE_BYTES is cut there (the headers come first). An archive that decompresses
 * to more than MAX_ZIP_INFLATED_BYTES fails at the entry that crosses it.
 */
export async function* readZipEntries(path: string, options: ZipReadOptions = {}): AsyncGenerator<ZipMessage> {
  const budget: Budget = { spent: 0, max: options.maxInflatedBytes ?? MAX_ZIP_INFLATED_BYTES };
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true });
  } catch (error) {
    throw corrupt(error);
  }
  try {
    const entries = zip.eachEntry();
    for (;;) {
      let next: IteratorResult<Entry>;
      try {
        next = await entries.next();
      } catch (error) {
        throw corrupt(error);
      }
      if (next.done) break;
      const entry = next.value;
      const name = entry.fileName;
      if (isSkippedName(name)) continue;
      if (entry.isEncrypted()) {
        throw new ImportFormatError(`The zip entry "${name}" is encrypted; extract it and upload the messages`);
      }
      const isEml = hasEmlExtension(name);
      // Other files are probed by content; big ones are attachments or archives, not mail.
      if (!isEml && entry.uncompressedSize > MAX_MESSAGE_BYTES) continue;
      let raw: Buffer | null;
      try {
        raw = await readEntry(await zip.openReadStreamPromise(entry), name, !isEml, budget);
      } catch (error) {
        throw error instanceof ImportFormatError ? error : corrupt(error);
      }
      if (raw !== null) yield { name, raw };
    }
  } finally {
    zip.close();
  }
}
