import { isAscii } from "node:buffer";
import { parse as parseCsvText } from "csv-parse/sync";
import { assertNoNul, LineSplitter } from "./line-splitter";
import { ImportFormatError, type Rejected, truncateRaw } from "./types";

/*
 * The CSV reader under every importer. Records come out in batches, each with the line on
 * which it starts (1-based, multi-line quoted records counted in full).
 *
 * Why a hybrid instead of piping everything through csv-parse: csv-parse's streaming API
 * tops out near 600k records/s on two cores before any per-row work, and its per-record
 * `info` (needed for line numbers) costs a further 60 %; its line counter also counts a
 * CRLF inside a quoted field as two lines. So lines without a double quote (almost every
 * line of a real export) are split here with String#split, which is exact for them under
 * RFC 4180, as are single-line records whose quoted fields hold no quote (the "quote all"
 * export style); every other record that contains a quote is collected whole and handed
 * to csv-parse, once per batch. A small quote scanner, mirroring csv-parse's rules with
 * `relax_quotes` (a quote opens a quoted field only at the start of a field), decides where
 * a quoted record ends, which keeps line numbers exact and memory bounded.
 */

export type CsvBatch = {
  header: string[];
  headerLine: number;
  /** Records after the header, in file order. */
  records: string[][];
  /** The line on which each record starts. */
  lines: number[];
  /** Each record's text as it appeared (for reject reports). */
  raws: string[];
  /** Records csv-parse could not read; they are not in `records`. */
  rejects: Rejected[];
  blankLines: number;
  bytesRead: number;
};

export type CsvReadOptions = { batchSize?: number };

const DEFAULT_BATCH_SIZE = 5000;
const QUOTE = 34;
const CR = 13;
// A quoted field may hold line breaks, but one that never closes would otherwise swallow
// the rest of the file into memory.
const MAX_QUOTED_RECORD_CHARS = 1 << 20;
// Every importer reads a handful of columns. Each field of a record becomes a string and an
// array slot, so a line of a million empty fields, though under the line cap, takes megabytes of
// heap; a record with this many fields is not one of our files.
export const MAX_RECORD_FIELDS = 1000;
// A batch also ends once its records hold this many characters of input: counting rows alone
// would let a few thousand long lines (each up to the line cap) fill the heap in one batch.
export const MAX_BATCH_CHARS = 4 << 20;

function tooManyFields(line: number): ImportFormatError {
  return new ImportFormatError(
    `Line ${line} has more than ${MAX_RECORD_FIELDS} fields; no import file has that many columns`,
  );
}

// A line shorter than the field cap cannot hold too many fields, so only a long one is split
// with a limit (which stops allocating fields at the cap) and checked.
function splitFields(text: string, delimiter: string, line: number): string[] {
  if (text.length < MAX_RECORD_FIELDS) return text.split(delimiter);
  const fields = text.split(delimiter, MAX_RECORD_FIELDS + 1);
  if (fields.length > MAX_RECORD_FIELDS) throw tooManyFields(line);
  return fields;
}

const DELIMITER_CANDIDATES = ["\t", ";", ","] as const;

/** The header line's most frequent delimiter among tab, semicolon and comma (comma if none). */
function sniffDelimiter(headerLine: string): string {
  let best = ",";
  let bestCount = 0;
  for (const candidate of DELIMITER_CANDIDATES) {
    const count = headerLine.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

// Whether the record is still inside a quoted field at the end of `line`, following
// csv-parse's relax_quotes rules: `""` inside quotes is a literal quote, a quote opens a
// quoted field only as a field's first character, and any other quote is data.
function endsInsideQuotes(line: string, delimiter: number, inQuotes: boolean): boolean {
  let quoted = inQuotes;
  let fieldStart = !inQuotes;
  const length = line.length;
  for (let i = 0; i < length; i++) {
    const c = line.charCodeAt(i);
    if (quoted) {
      if (c === QUOTE) {
        if (line.charCodeAt(i + 1) === QUOTE) i++;
        else quoted = false;
      }
    } else if (c === QUOTE) {
      quoted = fieldStart;
      fieldStart = false;
    } else {
      fieldStart = c === delimiter;
    }
  }
  return quoted;
}

// The "quote every field" export style (`"a@x.io","Doe, Jane"`) on one line: each field
// either has no quote at all or is wholly quoted with no quote inside. That subset has a
// single reading, so it is split here; anything else (doubled quotes, a quote inside a
// field, a field spanning lines) returns null and goes to csv-parse.
function splitSimpleQuoted(line: string, delimiter: number): string[] | null {
  const fields: string[] = [];
  const length = line.length;
  let start = 0;
  while (start <= length) {
    if (line.charCodeAt(start) === QUOTE) {
      const close = line.indexOf('"', start + 1);
      if (close === -1) return null;
      const after = close + 1;
      if (after < length && line.charCodeAt(after) !== delimiter) return null;
      fields.push(line.slice(start + 1, close));
      start = after + 1;
    } else {
      let end = start;
      while (end < length && line.charCodeAt(end) !== delimiter) {
        if (line.charCodeAt(end) === QUOTE) return null;
        end++;
      }
      fields.push(line.slice(start, end));
      start = end + 1;
    }
  }
  return fields;
}

function isBlankText(text: string, delimiter: number): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== delimiter && c !== 32 && c !== 9 && c !== CR) return false;
  }
  return true;
}

function isBlankRecord(fields: string[]): boolean {
  for (const field of fields) if (field.trim() !== "") return false;
  return true;
}

function csvOptions(delimiter: string) {
  return {
    delimiter,
    record_delimiter: "\n",
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
  } as const;
}

function parseQuotedRecords(texts: string[], delimiter: string): string[][] | null {
  try {
    const records = parseCsvText(texts.join("\n"), csvOptions(delimiter));
    return records.length === texts.length ? records : null;
  } catch {
    return null;
  }
}

function parseOneRecord(text: string, delimiter: string): string[] | string {
  try {
    const records = parseCsvText(text, csvOptions(delimiter));
    const first = records[0];
    if (records.length !== 1 || first === undefined) return "malformed CSV quoting";
    return first;
  } catch (error) {
    const message = error instanceof Error ? error.message.split(":")[0] : "";
    return `malformed CSV quoting${message ? ` (${message})` : ""}`;
  }
}

type Decoder = {
  decode: (chunk: Buffer | string, first: boolean) => string;
  /** The characters of an incomplete multi-byte sequence at the end of the input. */
  flush: () => string;
};

function makeDecoder(): Decoder {
  let decoder: TextDecoder | null = null;
  // Whether the decoder may hold the first bytes of a character split across
  // chunks (or has yet to see the start of the input, where it drops a BOM).
  let pending = true;
  const decode = (chunk: Buffer | string, first: boolean): string => {
    if (typeof chunk === "string") {
      return first && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
    }
    if (decoder === null) {
      // Excel's "Unicode text" export is UTF-16 with a byte order mark; everything else
      // is read as UTF-8 (TextDecoder drops a UTF-8 BOM by itself).
      const encoding =
        chunk[0] === 0xff && chunk[1] === 0xfe
          ? "utf-16le"
          : chunk[0] === 0xfe && chunk[1] === 0xff
            ? "utf-16be"
            : "utf-8";
      decoder = new TextDecoder(encoding);
    }
    // An ASCII chunk of UTF-8 is its own text: latin1 copies it out several
    // times faster than the streaming decoder (a fifth of a list's parse time),
    // and gives the very same string.
    if (!pending && decoder.encoding === "utf-8" && isAscii(chunk)) return chunk.toString("latin1");
    const text = decoder.decode(chunk, { stream: true });
    if (chunk.length > 0) pending = decoder.encoding !== "utf-8" || chunk[chunk.length - 1]! >= 0x80;
    return text;
  };
  return { decode, flush: () => (decoder === null ? "" : decoder.decode()) };
}

function byteLength(chunk: Buffer | string): number {
  return typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
}

export async function* readCsvRecords(
  input: AsyncIterable<Buffer | string>,
  options: CsvReadOptions = {},
): AsyncGenerator<CsvBatch> {
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const decoder = makeDecoder();
  let bytesRead = 0;
  let lineNumber = 0;
  let delimiter = ",";
  let delimiterCode = 44;
  let header: string[] | null = null;
  let headerLine = 0;

  // The batch being filled. Quoted records get a placeholder and are parsed together.
  let records: (string[] | null)[] = [];
  let lines: number[] = [];
  let raws: string[] = [];
  let quotedSlots: number[] = [];
  let rejects: Rejected[] = [];
  let blankLines = 0;
  let batchChars = 0;

  // A quoted record that has not ended yet.
  let pendingParts: string[] | null = null;
  let pendingLine = 0;
  let pendingChars = 0;

  const takeBatch = (): CsvBatch => {
    if (quotedSlots.length > 0) {
      const texts = quotedSlots.map((slot) => raws[slot] ?? "");
      const parsed = parseQuotedRecords(texts, delimiter);
      for (let k = 0; k < quotedSlots.length; k++) {
        const slot = quotedSlots[k] ?? 0;
        const fields = parsed?.[k] ?? parseOneRecord(texts[k] ?? "", delimiter);
        if (typeof fields === "string") {
          rejects.push({ line: lines[slot] ?? 0, reason: fields, raw: truncateRaw(raws[slot] ?? "") });
          records[slot] = null;
        } else if (isBlankRecord(fields)) {
          blankLines++;
          records[slot] = null;
        } else if (fields.length > MAX_RECORD_FIELDS) {
          throw tooManyFields(lines[slot] ?? 0);
        } else {
          records[slot] = fields;
        }
      }
    }
    let complete = records as string[][];
    let completeLines = lines;
    let completeRaws = raws;
    if (quotedSlots.length > 0 && records.includes(null)) {
      complete = [];
      completeLines = [];
      completeRaws = [];
      for (let i = 0; i < records.length; i++) {
        const record = records[i];
        if (record == null) continue;
        complete.push(record);
        completeLines.push(lines[i] ?? 0);
        completeRaws.push(raws[i] ?? "");
      }
    }
    const batch: CsvBatch = {
      header: header ?? [],
      headerLine,
      records: complete,
      lines: completeLines,
      raws: completeRaws,
      rejects,
      blankLines,
      bytesRead,
    };
    records = [];
    lines = [];
    raws = [];
    quotedSlots = [];
    rejects = [];
    blankLines = 0;
    batchChars = 0;
    return batch;
  };

  const acceptHeader = (text: string, quoted: boolean) => {
    if (quoted) {
      const fields = parseOneRecord(text, delimiter);
      if (typeof fields === "string") {
        throw new ImportFormatError(`Line ${headerLine}: the header row has ${fields}`);
      }
      if (fields.length > MAX_RECORD_FIELDS) throw tooManyFields(headerLine);
      header = fields;
    } else {
      header = splitFields(text, delimiter, headerLine);
    }
  };

  // A complete record that contains a quote (possibly over several lines).
  const endQuotedRecord = (text: string, line: number) => {
    if (header === null) {
      headerLine = line;
      acceptHeader(text, true);
      return;
    }
    quotedSlots.push(records.length);
    records.push(null);
    lines.push(line);
    raws.push(text);
    batchChars += text.length;
  };

  // `line` still carries a CR of a CRLF ending: inside a quoted field it is data.
  const handleLine = (line: string) => {
    lineNumber++;
    if (pendingParts !== null) {
      pendingParts.push(line);
      pendingChars += line.length + 1;
      if (!endsInsideQuotes(line, delimiterCode, true)) {
        const text = pendingParts.join("\n");
        pendingParts = null;
        endQuotedRecord(text.charCodeAt(text.length - 1) === CR ? text.slice(0, -1) : text, pendingLine);
      } else if (pendingChars > MAX_QUOTED_RECORD_CHARS) {
        throw new ImportFormatError(`Line ${pendingLine}: a quoted field is never closed (no matching " within 1 MB)`);
      }
      return;
    }
    const text = line.charCodeAt(line.length - 1) === CR ? line.slice(0, -1) : line;
    if (header === null && !isBlankText(text, -1)) {
      delimiter = sniffDelimiter(text);
      delimiterCode = delimiter.charCodeAt(0);
    }
    if (text.indexOf('"') !== -1) {
      const simple = header === null ? null : splitSimpleQuoted(text, delimiterCode);
      if (simple !== null) {
        if (isBlankRecord(simple)) {
          blankLines++;
        } else {
          if (simple.length > MAX_RECORD_FIELDS) throw tooManyFields(lineNumber);
          records.push(simple);
          lines.push(lineNumber);
          raws.push(text);
          batchChars += text.length;
        }
        return;
      }
      if (endsInsideQuotes(text, delimiterCode, false)) {
        pendingParts = [line];
        pendingLine = lineNumber;
        pendingChars = line.length;
      } else {
        endQuotedRecord(text, lineNumber);
      }
      return;
    }
    if (isBlankText(text, delimiterCode)) {
      blankLines++;
      return;
    }
    if (header === null) {
      headerLine = lineNumber;
      acceptHeader(text, false);
      return;
    }
    records.push(splitFields(text, delimiter, lineNumber));
    lines.push(lineNumber);
    raws.push(text);
    batchChars += text.length;
  };

  // One physical line may be no longer than a whole quoted record.
  const splitter = new LineSplitter({ maxLineChars: MAX_QUOTED_RECORD_CHARS, what: "a CSV file" });
  let first = true;
  for await (const chunk of input) {
    bytesRead += byteLength(chunk);
    const decoded = decoder.decode(chunk, first);
    if (first && decoded.length > 0) {
      first = false;
      if (decoded.slice(0, 4096).includes("\u0000")) {
        throw new ImportFormatError("The file is not text (it contains NUL bytes); expected CSV");
      }
    }
    assertNoNul(splitter, decoded, "a CSV file");
    for (const line of splitter.push(decoded)) {
      handleLine(line);
      if ((records.length >= batchSize || batchChars > MAX_BATCH_CHARS) && header !== null) yield takeBatch();
    }
  }
  const rest = decoder.flush();
  assertNoNul(splitter, rest, "a CSV file");
  for (const line of splitter.push(rest)) handleLine(line);
  const last = splitter.end();
  if (last !== null && last.length > 0) handleLine(last);
  if (pendingParts !== null) {
    throw new ImportFormatError(`Line ${pendingLine}: a quoted field is never closed (missing ")`);
  }
  if (header === null) {
    throw new ImportFormatError("The file is empty: expected a header row");
  }
  yield takeBatch();
}
