import { ImportFormatError } from "./types";

/*
 * mbox (mboxo and mboxrd): each message starts with a "From " line at the start of a line;
 * body lines that began with "From " were written as ">From " (mboxrd adds one ">" to any
 * number of them), so every unescaped "From " line is a separator. Messages are yielded
 * one at a time; only the message being read is held in memory, and a message is cut at
 * MAX_MESSAGE_BYTES (its headers, which are all that is parsed, come first).
 */

export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
const FROM = Buffer.from("From ");
const ESCAPED_FROM = /^>(>*From )/gm;

export type MboxMessage = {
  raw: Buffer;
  /** The line of the message's "From " separator, 1-based. */
  line: number;
  bytesRead: number;
};

function isFromLine(buffer: Buffer, start: number): boolean {
  return buffer.length - start >= 5 && buffer.compare(FROM, 0, 5, start, start + 5) === 0;
}

function isBlankLine(buffer: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = buffer[i];
    if (c !== 13 && c !== 10 && c !== 32 && c !== 9) return false;
  }
  return true;
}

function finishMessage(parts: Buffer[]): Buffer {
  let raw = Buffer.concat(parts);
  // The blank line before the next separator belongs to the mbox format, not the message.
  if (raw.length >= 2 && raw[raw.length - 1] === 10) {
    if (raw[raw.length - 2] === 10) raw = raw.subarray(0, raw.length - 1);
    else if (raw.length >= 4 && raw.subarray(raw.length - 4).toString("latin1") === "\r\n\r\n") {
      raw = raw.subarray(0, raw.length - 2);
    }
  }
  if (raw.includes(">From ")) {
    raw = Buffer.from(raw.toString("latin1").replace(ESCAPED_FROM, "$1"), "latin1");
  }
  return raw;
}

/** The longest line read: a line is held until it ends, and no message is kept beyond this anyway. */
const MAX_LINE_BYTES = MAX_MESSAGE_BYTES;

function isBlankParts(parts: readonly Buffer[]): boolean {
  return parts.every((part) => isBlankLine(part, 0, part.length));
}

// Whether a line held in pieces (the carried ones, then the start of this chunk) starts with "From ".
function partsStartWithFrom(parts: readonly Buffer[], chunk: Buffer): boolean {
  const head: number[] = [];
  for (const part of [...parts, chunk]) {
    for (let i = 0; i < part.length && head.length < 5; i++) head.push(part[i] ?? 0);
    if (head.length === 5) break;
  }
  return head.length === 5 && FROM.equals(Buffer.from(head));
}

/*
 * Each chunk is scanned once from where the last line ended; a line that runs
 * over chunks is kept as a list of pieces (copied once each), never by
 * concatenating the carried text with every new chunk, which made one long
 * line quadratic. A line over MAX_LINE_BYTES is an error
 * that names it.
 */
export async function* splitMbox(input: AsyncIterable<Buffer>): AsyncGenerator<MboxMessage> {
  let carried: Buffer[] = [];
  let carriedBytes = 0;
  let parts: Buffer[] = [];
  let messageBytes = 0;
  let messageLine = 0;
  let lineNumber = 0;
  let bytesRead = 0;
  let started = false;

  const append = (part: Buffer) => {
    if (part.length === 0 || messageBytes >= MAX_MESSAGE_BYTES) return;
    const room = MAX_MESSAGE_BYTES - messageBytes;
    const kept = part.length > room ? part.subarray(0, room) : part;
    parts.push(kept);
    messageBytes += kept.length;
  };
  // Returns the finished message, if any, and starts a new one at this separator.
  const separator = (): MboxMessage | null => {
    const done = started ? { raw: finishMessage(parts), line: messageLine, bytesRead } : null;
    started = true;
    parts = [];
    messageBytes = 0;
    messageLine = lineNumber;
    return done;
  };
  const notMbox = () =>
    new ImportFormatError(`Not an mbox file: line ${lineNumber} comes before any "From " separator line`);

  for await (const chunk of input) {
    bytesRead += chunk.length;
    let position = 0;
    let segmentStart = 0;
    for (;;) {
      const newline = chunk.indexOf(10, position);
      if (newline === -1) break;
      lineNumber++;
      if (position === 0 && carried.length > 0) {
        // The line began in an earlier chunk.
        const line = carried;
        carried = [];
        carriedBytes = 0;
        if (partsStartWithFrom(line, chunk)) {
          segmentStart = newline + 1;
          const done = separator();
          if (done !== null) yield done;
        } else if (!started && !(isBlankParts(line) && isBlankLine(chunk, 0, newline))) {
          throw notMbox();
        } else {
          for (const piece of line) append(piece);
        }
      } else if (isFromLine(chunk, position)) {
        append(chunk.subarray(segmentStart, position));
        segmentStart = newline + 1;
        const done = separator();
        if (done !== null) yield done;
      } else if (!started && !isBlankLine(chunk, position, newline)) {
        throw notMbox();
      }
      position = newline + 1;
    }
    append(chunk.subarray(segmentStart, position));
    if (position < chunk.length) {
      // Copy: the tail must not pin the whole chunk in memory.
      const tail = Buffer.from(chunk.subarray(position));
      carried.push(tail);
      carriedBytes += tail.length;
      if (carriedBytes > MAX_LINE_BYTES) {
        throw new ImportFormatError(
          `Line ${lineNumber + 1} is longer than ${MAX_LINE_BYTES / (1 << 20)} MB; this is not an mbox file`,
        );
      }
    }
  }
  if (carried.length > 0) {
    lineNumber++;
    if (partsStartWithFrom(carried, Buffer.alloc(0))) {
      const done = separator();
      if (done !== null) yield done;
    } else if (!started) {
      throw notMbox();
    } else {
      for (const piece of carried) append(piece);
    }
  }
  if (!started) throw new ImportFormatError('The file is empty: expected an mbox file starting with "From "');
  yield { raw: finishMessage(parts), line: messageLine, bytesRead };
}
