import type { ImportKindName } from "../../lib/imports/upload-query";
import type { AuditActor } from "../audit/record-audit";
import type { Db } from "../db";
import { AppError } from "../errors";
import type { ImportSummary } from "./import-job";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { detectFormat } from "../../lib/imports/detect-format";
import { importAccounts } from "./import-accounts";
import { importSecurityEvents } from "./import-events";
import { importMessages } from "./import-messages";
import { importRecipientList } from "./import-recipients";
import type { ProgressListener } from "./run-import";

export type UploadImport = {
  kind: ImportKindName;
  incidentId: string;
  fileName: string;
  importId?: string;
  addressColumn?: string;
  bytesTotal: number | null;
  source: AsyncIterable<Buffer>;
  actor: AuditActor;
  onProgress?: ProgressListener;
};

/** Reads the first bytes of a stream to recognise the format, then gives them back. */
async function peek(source: AsyncIterable<Buffer>): Promise<{ head: Buffer; stream: AsyncIterable<Buffer> }> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  const head = first.done ? Buffer.alloc(0) : Buffer.from(first.value);
  async function* replay() {
    if (head.length) yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield Buffer.from(next.value);
    }
  }
  return { head, stream: replay() };
}

/** Routes an uploaded file to its importer, by the kind chosen and the file's own format. */
export async function importUpload(db: Db, input: UploadImport): Promise<ImportSummary> {
  const { head, stream } = await peek(input.source);
  if (head.length === 0) throw new AppError("VALIDATION", "The file is empty.");
  const format = detectFormat(input.fileName, head.subarray(0, 4096));
  switch (input.kind) {
    case "recipients":
      return importRecipientList(db, { ...input, source: stream });
    case "accounts":
      return importAccounts(db, { ...input, source: stream });
    case "events":
      return importSecurityEvents(db, { ...input, source: stream, format: format === "jsonl" ? "jsonl" : "csv" });
    case "messages": {
      if (format === "zip") {
        // A zip is read by random access: spool it to a private temporary file.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "breachdesk-upload-"));
        const file = path.join(dir, "upload.zip");
        try {
          await pipeline(Readable.from(stream), fs.createWriteStream(file, { mode: 0o600 }));
          return await importMessages(db, { ...input, source: { kind: "zip", path: file } });
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }
      if (format !== "mbox" && format !== "eml") {
        throw new AppError(
          "VALIDATION",
          `${input.fileName} is not an mbox file, an .eml message or a zip of .eml files.`,
        );
      }
      return importMessages(db, { ...input, source: { kind: format, stream } });
    }
  }
}
