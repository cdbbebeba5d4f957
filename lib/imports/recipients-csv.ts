import { parseAndNormalizeAddress } from "@/lib/email/normalize";
import { describeHeader, findColumn } from "./columns";
import { type CsvBatch, readCsvRecords } from "./csv-records";
import { parseTimestamp } from "./dates";
import { ImportFormatError, type ParsedRecipient, type RecipientBatch, type Rejected, truncateRaw } from "./types";

const ADDRESS_COLUMNS = ["email", "e-mail", "email address", "recipient", "address", "to"] as const;
const BATCH_COLUMNS = [
  "batch",
  "batch id",
  "batch_id",
  "message id",
  "message-id",
  "message_id",
  "batch number",
] as const;
const SENT_AT_COLUMNS = ["sent at", "sent_at", "sent", "date", "timestamp"] as const;
/** Used for the display name when the address cell has none of its own. */
const NAME_COLUMNS = ["name", "display name", "full name", "recipient name"] as const;

/**
 * The longest batch id, in characters (UTF-16 code units). It becomes the key
 * of an exposure group (leak_messages.batch_key, in a unique index), and
 * PostgreSQL refuses an index entry over 2,704 bytes, failing the whole
 * import; at most 3 bytes of UTF-8 per code unit, 500 stays well under that.
 * Batch numbers and Message-IDs are far shorter; a longer cell is a reject.
 */
export const MAX_BATCH_ID_CHARS = 500;

export type RecipientCsvOptions = { addressColumn?: string; batchSize?: number };

type Columns = { address: number; batch: number; sentAt: number; name: number };

function resolveColumns(header: string[], options: RecipientCsvOptions): Columns {
  const wanted = options.addressColumn?.trim();
  const address = wanted ? findColumn(header, [wanted]) : findColumn(header, ADDRESS_COLUMNS);
  if (address === -1) {
    const expected = wanted ? `"${wanted}"` : `one of ${ADDRESS_COLUMNS.join(", ")}`;
    throw new ImportFormatError(`No address column: expected ${expected} (found: ${describeHeader(header)})`);
  }
  return {
    address,
    batch: findColumn(header, BATCH_COLUMNS),
    sentAt: findColumn(header, SENT_AT_COLUMNS),
    name: findColumn(header, NAME_COLUMNS),
  };
}

/**
 * Leaked-recipient list as CSV or TSV, in batches of about `batchSize` rows. Every line of
 * the file ends up as the header, a row, a reject or a blank line.
 */
export async function* parseRecipientCsv(
  input: AsyncIterable<Buffer | string>,
  options: RecipientCsvOptions = {},
): AsyncGenerator<RecipientBatch> {
  let columns: Columns | null = null;
  // Exports repeat the same sent-at value for thousands of rows; parse it once.
  let lastSentAtText: string | null = null;
  let lastSentAt: number | string = "";

  for await (const batch of readCsvRecords(input, { batchSize: options.batchSize })) {
    columns ??= resolveColumns(batch.header, options);
    const { address: addressIndex, batch: batchIndex, sentAt: sentAtIndex, name: nameIndex } = columns;
    const rows: ParsedRecipient[] = [];
    const rejects: Rejected[] = batch.rejects;
    const { records, lines, raws } = batch satisfies CsvBatch;
    for (let i = 0; i < records.length; i++) {
      const record = records[i] as string[];
      const line = lines[i] as number;
      const cell = record[addressIndex];
      if (cell === undefined) {
        rejects.push({ line, reason: "missing address column (row too short)", raw: truncateRaw(raws[i] ?? "") });
        continue;
      }
      const parsed = parseAndNormalizeAddress(cell);
      if (!parsed.ok) {
        rejects.push({ line, reason: parsed.reason, raw: truncateRaw(cell.trim() || (raws[i] ?? "")) });
        continue;
      }
      let sentAt: Date | null = null;
      if (sentAtIndex !== -1) {
        const text = (record[sentAtIndex] ?? "").trim();
        if (text !== "") {
          if (text !== lastSentAtText) {
            const result = parseTimestamp(text, { requireZone: false });
            lastSentAtText = text;
            lastSentAt = result.ok ? result.date.getTime() : `invalid sent-at date "${truncateRaw(text)}"`;
          }
          if (typeof lastSentAt === "string") {
            rejects.push({ line, reason: lastSentAt, raw: truncateRaw(raws[i] ?? "") });
            continue;
          }
          sentAt = new Date(lastSentAt);
        }
      }
      let batchKey: string | null = null;
      if (batchIndex !== -1) {
        const text = (record[batchIndex] ?? "").trim();
        if (text.length > MAX_BATCH_ID_CHARS) {
          rejects.push({
            line,
            reason: `batch id too long (${text.length} characters, at most ${MAX_BATCH_ID_CHARS})`,
            raw: truncateRaw(raws[i] ?? ""),
          });
          continue;
        }
        if (text !== "") batchKey = text;
      }
      let displayName = parsed.displayName;
      if (displayName === null && nameIndex !== -1) {
        const text = (record[nameIndex] ?? "").trim();
        if (text !== "") displayName = text;
      }
      rows.push({
        line,
        emailOriginal: parsed.address,
        emailNormalized: parsed.normalized,
        displayName,
        batchKey,
        sentAt,
      });
    }
    yield { rows, rejects, blankLines: batch.blankLines, bytesRead: batch.bytesRead };
  }
}
