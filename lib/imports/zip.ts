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

async function readAll(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (size + chunk.length > limit) {
      chunks.push(chunk.subarray(0, limit - size));
      stream.destroy();
      break;
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks);
}

function corrupt(error: unknown): ImportFormatError {
  const detail = error instanceof Error ? error.message : String(error);
  return new ImportFormatError(`The zip file is corrupt or unreadable: ${detail}`);
}

/**
 * The messages in a zip of .eml files, one entry at a time (entries are read from the
 * central directory, so only one message is in memory). Entries without the .eml
 * extension are kept only when their content looks like a message; a message larger than
 * MAX_MESSAGE_BYTES is cut there (the headers come first).
 */
export async function* readZipEntries(path: string): AsyncGenerator<ZipMessage> {
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
      let raw: Buffer;
      try {
        raw = await readAll(await zip.openReadStreamPromise(entry), MAX_MESSAGE_BYTES);
      } catch (error) {
        throw corrupt(error);
      }
      if (isEml || looksLikeEml(raw)) yield { name, raw };
    }
  } finally {
    zip.close();
  }
}
