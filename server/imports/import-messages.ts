import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { hasEmlExtension } from "../../lib/imports/eml";
import { splitMbox } from "../../lib/imports/mbox";
import { parseMessage } from "../../lib/imports/messages";
import { MAX_BATCH_ID_CHARS } from "../../lib/imports/recipients-csv";
import { ImportFormatError, truncateRaw, type ParsedMessage } from "../../lib/imports/types";
import { readZipEntries } from "../../lib/imports/zip";
import type { AuditActor } from "../audit/record-audit";
import type { Db } from "../db";
import type { ImportSummary } from "./import-job";
import { applyStagedRecipients, RecipientStage, type StagedRecipient } from "./recipient-stage";
import { runImport, type ProgressListener } from "./run-import";
import { stageBatches, type ParsedBatch } from "./stage-table";

/** Where the messages come from. */
export type MessageSource =
  | { kind: "mbox"; stream: AsyncIterable<Buffer> }
  | { kind: "eml"; stream: AsyncIterable<Buffer> }
  | { kind: "zip"; path: string }
  | { kind: "dir"; path: string };

export type MessagesImport = {
  incidentId: string;
  fileName: string;
  bytesTotal: number | null;
  source: MessageSource;
  actor: AuditActor;
  importId?: string;
  onProgress?: ProgressListener;
  timelineAt?: Date;
};

type RawMessage = { raw: Buffer; line: number; label: string; bytesRead: number };

async function* rawMessages(source: MessageSource): AsyncGenerator<RawMessage> {
  if (source.kind === "mbox") {
    for await (const message of splitMbox(source.stream)) {
      yield {
        raw: message.raw,
        line: message.line,
        label: `message at line ${message.line}`,
        bytesRead: message.bytesRead,
      };
    }
  } else if (source.kind === "eml") {
    const chunks: Buffer[] = [];
    for await (const chunk of source.stream) chunks.push(Buffer.from(chunk));
    const raw = Buffer.concat(chunks);
    yield { raw, line: 1, label: "message", bytesRead: raw.length };
  } else if (source.kind === "zip") {
    let index = 0;
    let bytes = 0;
    for await (const entry of readZipEntries(source.path)) {
      index++;
      bytes += entry.raw.length;
      yield { raw: entry.raw, line: index, label: entry.name, bytesRead: bytes };
    }
  } else {
    const files = fs
      .readdirSync(source.path, { recursive: true, encoding: "utf8" })
      .filter((name) => hasEmlExtension(name))
      .sort();
    if (files.length === 0) throw new ImportFormatError(`No .eml files in ${source.path}.`);
    let bytes = 0;
    for (const [i, name] of files.entries()) {
      const raw = fs.readFileSync(path.join(source.path, name));
      bytes += raw.length;
      yield { raw, line: i + 1, label: name, bytesRead: bytes };
    }
  }
}

/**
 * A message's exposure group: its Message-ID, or a digest of its headers when
 * it has none. A Message-ID longer than a batch id may be (MAX_BATCH_ID_CHARS,
 * which keeps the group's key indexable) counts as none, rather than
 * rejecting the message: the message was still sent and its recipients still
 * exposed, and the digest tells it apart from the others just as a missing
 * Message-ID's does.
 */
function messageBatchKey(message: ParsedMessage, raw: Buffer): string {
  if (message.messageId && message.messageId.length <= MAX_BATCH_ID_CHARS) return message.messageId;
  const headerEnd = raw.indexOf("\n\n") >= 0 ? raw.indexOf("\n\n") : Math.min(raw.length, 64 * 1024);
  return `sha256:${createHash("sha256").update(raw.subarray(0, headerEnd)).digest("hex").slice(0, 32)}`;
}

/**
 * Imports the sent messages themselves. Each message is an exposure group:
 * its To and Cc recipients saw each other; Bcc'd recipients are recorded with
 * their visibility and never counted as exposed.
 */
export async function importMessages(db: Db, input: MessagesImport): Promise<ImportSummary> {
  return runImport(
    db,
    {
      id: input.importId,
      kind: "messages",
      incidentId: input.incidentId,
      fileName: input.fileName,
      bytesTotal: input.bytesTotal,
      actor: input.actor,
      timelineAt: input.timelineAt,
    },
    input.onProgress,
    (progress, finish) =>
      db.sql.session(async (session) => {
        const stage = await RecipientStage.create(session);
        try {
          const valid = await stageBatches(messageBatches(input.source), (rows) => stage.add(rows), progress);
          await applyStagedRecipients(session, stage, progress, finish, {
            incidentId: input.incidentId,
            source: input.source.kind,
            staged: valid,
          });
        } finally {
          await stage.drop();
        }
      }),
  );
}

/** The messages' recipients in batches of about 5,000, like the other parsers' output. */
async function* messageBatches(source: MessageSource): AsyncGenerator<ParsedBatch<StagedRecipient>> {
  let batch: ParsedBatch<StagedRecipient> = { rows: [], rejects: [], blankLines: 0, bytesRead: 0 };
  let messages = 0;
  for await (const message of rawMessages(source)) {
    messages++;
    batch.bytesRead = message.bytesRead;
    const parsed = await parseMessage(message.raw);
    // In a zip or a folder the "line" is the message's place in the list: the
    // reason names the file, so a reject can be found.
    const inFile = source.kind === "zip" || source.kind === "dir" ? ` (file ${message.label})` : "";
    for (const reject of parsed.rejects)
      batch.rejects.push({ line: message.line, reason: `${reject.reason}${inFile}`, raw: truncateRaw(reject.raw) });
    if (parsed.recipients.length === 0 && parsed.rejects.length === 0) {
      batch.rejects.push({
        line: message.line,
        reason: `message has no To, Cc or Bcc recipients${inFile}`,
        raw: truncateRaw(parsed.subject ?? message.label),
      });
    }
    const batchKey = messageBatchKey(parsed, message.raw);
    for (const r of parsed.recipients) {
      batch.rows.push({
        batchKey,
        sentAt: parsed.sentAt,
        subject: parsed.subject,
        emailOriginal: r.emailOriginal,
        emailNormalized: r.emailNormalized,
        displayName: r.displayName,
        visibility: r.visibility,
      });
    }
    if (batch.rows.length >= 5_000) {
      yield batch;
      batch = { rows: [], rejects: [], blankLines: 0, bytesRead: batch.bytesRead };
    }
  }
  if (messages === 0)
    throw new ImportFormatError("No messages found: is this an mbox file, an .eml message or a zip of .eml files?");
  yield batch;
}
