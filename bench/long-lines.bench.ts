/**
 * One long line through each line reader, at n and 2n bytes, in 64 KB chunks
 * (docs/benchmarks.md). Linear readers take about twice as long for 2n; the old
 * ones (the carried line concatenated with every chunk) took four times as
 * long, and a single 32 MB line took 9 s (JSON lines) and 12.6 s (mbox).
 * Lines over the cap (1 MB for CSV and JSON lines, 32 MB for mbox) are an
 * error naming the line: the bench also times how soon that error comes.
 *
 *   npx tsx bench/long-lines.bench.ts
 */
import { readCsvRecords } from "../lib/imports/csv-records";
import { parseSecurityEvents } from "../lib/imports/events";
import { splitMbox } from "../lib/imports/mbox";

const CHUNK = 1 << 16;
const MB = 1 << 20;

async function* chunks(data: Buffer): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < data.length; offset += CHUNK) yield data.subarray(offset, offset + CHUNK);
}

async function drain(iterable: AsyncIterable<unknown>): Promise<string> {
  try {
    for await (const _ of iterable) void _;
    return "ok";
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

async function time(label: string, make: () => AsyncIterable<unknown>): Promise<void> {
  const start = performance.now();
  const result = await drain(make());
  console.log(`${label.padEnd(44)} ${(performance.now() - start).toFixed(1).padStart(8)} ms  ${result.slice(0, 70)}`);
}

async function main() {
  const mbox = (bytes: number) =>
    Buffer.concat([
      Buffer.from("From a@b Thu Nov  7 08:30:00 2019\nTo: x@example.com\n\n"),
      Buffer.alloc(bytes, 0x79),
      Buffer.from("\n"),
    ]);
  const jsonl = (bytes: number) => Buffer.from(`{"detail":"${"z".repeat(bytes)}"}\n`);
  const csv = (bytes: number) => Buffer.from(`email\n${"z".repeat(bytes)}\n`);

  for (const n of [8 * MB, 16 * MB]) await time(`mbox, one ${n / MB} MB line`, () => splitMbox(chunks(mbox(n))));
  await time("mbox, one 40 MB line (over the cap)", () => splitMbox(chunks(mbox(40 * MB))));
  for (const n of [MB / 4, MB / 2]) {
    await time(`JSON lines, one ${n / 1024} KB line`, () => parseSecurityEvents(chunks(jsonl(n)), { format: "jsonl" }));
  }
  await time("JSON lines, one 32 MB line (over the cap)", () =>
    parseSecurityEvents(chunks(jsonl(32 * MB)), { format: "jsonl" }),
  );
  for (const n of [MB / 4, MB / 2]) await time(`CSV, one ${n / 1024} KB line`, () => readCsvRecords(chunks(csv(n))));
  await time("CSV, one 32 MB line (over the cap)", () => readCsvRecords(chunks(csv(32 * MB))));
}

void main();
