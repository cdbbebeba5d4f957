/**
 * Throughput of the recipient CSV parser (reading, splitting, address validation and
 * normalisation, dates), without any database work.
 *
 *   npx tsx bench/parse-recipients.bench.ts [rows] [quoted]
 *
 * `quoted` makes every field quoted (the "quote all" export style), the slow path.
 */
import { parseRecipientCsv } from "../lib/imports/recipients-csv";

const rows = Number(process.argv[2] ?? 1_000_000);
const quoteAll = process.argv[3] === "quoted";
const q = (value: string) => (quoteAll ? `"${value.replaceAll('"', '""')}"` : value);

const parts: string[] = [["email", "name", "batch_id", "sent_at"].map(q).join(",") + "\n"];
for (let i = 0; i < rows; i++) {
  const address = i % 5 === 0 ? `User.${i}+news@Gmail.com` : `user${i}@example${i % 97}.com`;
  parts.push(`${[address, `User ${i}`, `b${i % 7}`, "2024-03-01T10:00:00Z"].map(q).join(",")}\n`);
}
const data = Buffer.from(parts.join(""));

async function* chunks(): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < data.length; offset += 1 << 16) yield data.subarray(offset, offset + (1 << 16));
}

async function main() {
  const rates: number[] = [];
  // The first run warms the JIT up; the median of the rest is reported.
  for (let run = 0; run <= 5; run++) {
    const start = performance.now();
    let accepted = 0;
    let rejected = 0;
    for await (const batch of parseRecipientCsv(chunks())) {
      accepted += batch.rows.length;
      rejected += batch.rejects.length;
    }
    const seconds = (performance.now() - start) / 1000;
    const rate = Math.round(rows / seconds);
    if (run > 0) rates.push(rate);
    console.log(
      `run ${run}${run === 0 ? " (warm-up)" : ""}: ${accepted} rows, ${rejected} rejects, ${(data.length / 1e6).toFixed(0)} MB in ${seconds.toFixed(2)} s = ${rate.toLocaleString("en")} rows/s`,
    );
  }
  rates.sort((a, b) => a - b);
  console.log(
    `median: ${(rates[Math.floor(rates.length / 2)] ?? 0).toLocaleString("en")} rows/s (${quoteAll ? "every field quoted" : "unquoted"})`,
  );
}

void main();
