import type { Db } from "../db";
import { iterateImportRejects } from "./list-import-rejects";

/** An import's source as an upload delivers it: `text` in chunks of `size` bytes (one, for a short text). */
export async function* chunks(text: string | Buffer, size = 4096): AsyncGenerator<Buffer> {
  const buffer = Buffer.isBuffer(text) ? text : Buffer.from(text, "utf8");
  for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
}

/** An import's rejects in line order: line and reason, and the raw text when asked for. */
export async function rejectsOf(db: Db, importId: string, options: { raw?: boolean } = {}) {
  const rows: { line: number; reason: string; raw?: string }[] = [];
  for await (const r of iterateImportRejects(db, importId))
    rows.push(options.raw ? { line: r.line, reason: r.reason, raw: r.raw } : { line: r.line, reason: r.reason });
  return rows;
}
