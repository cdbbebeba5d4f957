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

export async function* splitMbox(input: AsyncIterable<Buffer>): AsyncGenerator<MboxMessage> {
  let carry: Buffer = Buffer.alloc(0);
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

  for await (const chunk of input) {
    bytesRead += chunk.length;
    const buffer = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    let position = 0;
    let segmentStart = 0;
    for (;;) {
      const newline = buffer.indexOf(10, position);
      if (newline === -1) break;
      lineNumber++;
      if (isFromLine(buffer, position)) {
        append(buffer.subarray(segmentStart, position));
        segmentStart = newline + 1;
        const done = separator();
        if (done !== null) yield done;
      } else if (!started && !isBlankLine(buffer, position, newline)) {
        throw new ImportFormatError(`Not an mbox file: line ${lineNumber} comes before any "From " separator line`);
      }
      position = newline + 1;
    }
    append(buffer.subarray(segmentStart, position));
    // Copy: the tail must not pin the whole chunk in memory.
    carry = Buffer.from(buffer.subarray(position));
  }
  if (carry.length > 0) {
    lineNumber++;
    if (isFromLine(carry, 0)) {
      const done = separator();
      if (done !== null) yield done;
    } else if (!started) {
      throw new ImportFormatError(`Not an mbox file: line ${lineNumber} comes before any "From " separator line`);
    } else {
      append(carry);
    }
  }
  if (!started) throw new ImportFormatError('The file is empty: expected an mbox file starting with "From "');
  yield { raw: finishMessage(parts), line: messageLine, bytesRead };
}
