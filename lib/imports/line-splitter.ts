import { ImportFormatError } from "./types";

/*
 * Decoded text chunks to lines, in time linear in the input. The readers used
 * to carry the unfinished line by concatenating it with each new chunk and
 * scanning the result from its start: a line spread over k chunks was copied
 * and scanned k times, so a single 32 MB line took seconds.
 * Here each chunk is scanned once, the pieces of an unfinished line are kept
 * in a list and joined once, when the line ends, and a line longer than the
 * cap is an error that names it before it can grow further.
 *
 * Hand-written because the line readers that fit (readline, split2) either
 * have no length cap or decode bytes themselves, and the importers decode
 * (UTF-16 detection, the BOM) before splitting.
 */

export type LineSplitterOptions = {
  /** The longest line accepted, in UTF-16 code units (about characters). */
  maxLineChars: number;
  /** What the file is, for the error: "a CSV file", "a JSON-lines file". */
  what: string;
};

export class LineSplitter {
  private parts: string[] = [];
  private pendingChars = 0;
  /** Complete lines returned so far. */
  lines = 0;
  /** Characters scanned or copied so far: the test of linearity counts this instead of timing. */
  work = 0;

  constructor(private readonly options: LineSplitterOptions) {}

  /** The complete lines in this chunk (without their "\n"); the unfinished tail is kept for the next. */
  *push(chunk: string): Generator<string> {
    let position = 0;
    for (;;) {
      const newline = chunk.indexOf("\n", position);
      if (newline === -1) break;
      this.work += newline - position + 1;
      let line = chunk.slice(position, newline);
      if (this.parts.length > 0) {
        this.parts.push(line);
        line = this.parts.join("");
        this.work += line.length;
        this.parts = [];
        this.pendingChars = 0;
      }
      this.check(line.length);
      this.lines++;
      position = newline + 1;
      yield line;
    }
    if (position < chunk.length) {
      const tail = position === 0 ? chunk : chunk.slice(position);
      this.work += tail.length;
      this.parts.push(tail);
      this.pendingChars += tail.length;
      this.check(this.pendingChars);
    }
  }

  /** The last line, if the input did not end with "\n". */
  end(): string | null {
    if (this.parts.length === 0) return null;
    const line = this.parts.join("");
    this.work += line.length;
    this.parts = [];
    this.pendingChars = 0;
    this.lines++;
    return line;
  }

  /** The line a position in the next chunk falls on (1-based), for errors about content. */
  lineAt(chunk: string, index: number): number {
    let line = this.lines + 1;
    for (let at = chunk.indexOf("\n"); at !== -1 && at < index; at = chunk.indexOf("\n", at + 1)) line++;
    return line;
  }

  private check(chars: number): void {
    if (chars > this.options.maxLineChars) {
      throw new ImportFormatError(
        `Line ${this.lines + 1} is longer than ${formatChars(this.options.maxLineChars)}; this is not ${this.options.what}`,
      );
    }
  }
}

function formatChars(chars: number): string {
  return chars >= 1 << 20 && chars % (1 << 20) === 0
    ? `${chars / (1 << 20)} MB`
    : `${chars.toLocaleString("en-GB")} characters`;
}

/**
 * A NUL in the chunk is a file-level error naming its line: PostgreSQL's text
 * cannot hold one, so it would fail the import as "unexpected" further on.
 * Call before `push`, with the same chunk.
 */
export function assertNoNul(splitter: LineSplitter, chunk: string, what: string): void {
  const nul = chunk.indexOf("\u0000");
  if (nul !== -1) {
    throw new ImportFormatError(`Line ${splitter.lineAt(chunk, nul)} contains a NUL byte; this is not ${what}`);
  }
}
