import { checkAddress } from "@/lib/email/normalize";
import { describeHeader, findColumn } from "./columns";
import { parseCountryCode } from "./countries";
import { readCsvRecords } from "./csv-records";
import { parseTimestamp } from "./dates";
import {
  type AccountBatch,
  type AccountField,
  BALANCE_TIERS,
  type BalanceTier,
  ImportFormatError,
  type ParsedAccount,
  type Rejected,
  truncateRaw,
} from "./types";

// Header synonyms; spaces, underscores and hyphens are equivalent (see headerKey).
const ACCOUNT_COLUMNS = {
  externalId: ["account id", "id", "external id", "customer id"],
  email: ["email", "e-mail", "email address"],
  twoFactor: ["2fa", "two factor", "two factor enabled", "2fa enabled", "mfa", "mfa enabled", "tfa"],
  balance: ["balance", "balance usd"],
  balanceTier: ["balance tier", "tier"],
  country: ["country", "country code"],
  openedAt: ["created", "created at", "opened", "opened at"],
  lastLoginAt: ["last login", "last login at"],
} as const;

type ColumnName = keyof typeof ACCOUNT_COLUMNS;
type Columns = Record<ColumnName, number>;

const TRUE_VALUES = new Set(["true", "yes", "y", "1", "on", "enabled"]);
const FALSE_VALUES = new Set(["false", "no", "n", "0", "off", "disabled", ""]);
// "1,234.56", "1234.5", "$1,234": two decimals at most, thousands separators in groups of 3.
const BALANCE = /^\$?\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

/**
 * The longest account id, in characters (UTF-16 code units): ids are indexed
 * (customer_accounts.external_id, and the import's stage), and PostgreSQL
 * refuses an index entry over 2,704 bytes, failing the whole import. Directory
 * ids are numbers, UUIDs and the like; a longer cell is a reject. Security
 * events name accounts by the same ids.
 */
export const MAX_ACCOUNT_ID_CHARS = 200;

export type AccountsCsvOptions = { batchSize?: number };

function resolveColumns(header: string[]): Columns {
  const columns = {} as Columns;
  for (const name of Object.keys(ACCOUNT_COLUMNS) as ColumnName[]) {
    columns[name] = findColumn(header, ACCOUNT_COLUMNS[name]);
  }
  for (const [name, label] of [
    ["externalId", "account id"],
    ["email", "email"],
  ] as const) {
    if (columns[name] === -1) {
      throw new ImportFormatError(
        `No ${label} column: expected one of ${ACCOUNT_COLUMNS[name].join(", ")} (found: ${describeHeader(header)})`,
      );
    }
  }
  return columns;
}

const FIELD_OF_COLUMN: Record<Exclude<ColumnName, "externalId" | "email">, AccountField> = {
  twoFactor: "twoFactorEnabled",
  balance: "balanceUsdCents",
  balanceTier: "balanceTier",
  country: "country",
  openedAt: "openedAt",
  lastLoginAt: "lastLoginAt",
};

function presentFields(columns: Columns): AccountField[] {
  return (Object.keys(FIELD_OF_COLUMN) as (keyof typeof FIELD_OF_COLUMN)[])
    .filter((name) => columns[name] !== -1)
    .map((name) => FIELD_OF_COLUMN[name]);
}

/** Cents of a non-negative decimal amount, or a reason. */
export function parseBalanceCents(text: string): number | string {
  const value = text.trim();
  if (value.startsWith("-")) return `negative balance "${truncateRaw(value)}"`;
  const match = BALANCE.exec(value);
  if (match === null) return `invalid balance "${truncateRaw(value)}"`;
  const units = Number((match[1] ?? "").replaceAll(",", ""));
  const cents = units * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return Number.isSafeInteger(cents) ? cents : `invalid balance "${truncateRaw(value)}"`;
}

/** The reject reason of an account id over MAX_ACCOUNT_ID_CHARS. */
export function accountIdTooLong(id: string): string {
  return `account id too long (${id.length} characters, at most ${MAX_ACCOUNT_ID_CHARS})`;
}

type Row = { record: string[]; line: number };

function cell(row: Row, index: number): string {
  return index === -1 ? "" : (row.record[index] ?? "").trim();
}

function parseDateCell(text: string, field: string): Date | null | string {
  if (text === "") return null;
  const result = parseTimestamp(text, { requireZone: false });
  return result.ok ? result.date : `invalid date in ${field}: "${truncateRaw(text)}"`;
}

function parseAccount(row: Row, columns: Columns): ParsedAccount | string {
  const externalId = cell(row, columns.externalId);
  if (externalId === "") return "missing account id";
  if (externalId.length > MAX_ACCOUNT_ID_CHARS) return accountIdTooLong(externalId);
  const email = cell(row, columns.email);
  if (email === "") return "missing email";
  const checked = checkAddress(email);
  if (!checked.ok) return `invalid email: ${checked.reason}`;

  const twoFactorText = cell(row, columns.twoFactor).toLowerCase();
  let twoFactorEnabled: boolean;
  if (TRUE_VALUES.has(twoFactorText)) twoFactorEnabled = true;
  else if (FALSE_VALUES.has(twoFactorText)) twoFactorEnabled = false;
  else return `invalid 2FA value "${truncateRaw(cell(row, columns.twoFactor))}"`;

  let balanceUsdCents: number | null = null;
  const balanceText = cell(row, columns.balance);
  if (balanceText !== "") {
    const cents = parseBalanceCents(balanceText);
    if (typeof cents === "string") return cents;
    balanceUsdCents = cents;
  }

  let balanceTier: BalanceTier | null = null;
  const tierText = cell(row, columns.balanceTier);
  if (tierText !== "") {
    const tier = BALANCE_TIERS.find((candidate) => candidate === tierText.toLowerCase());
    if (tier === undefined) return `invalid balance tier "${truncateRaw(tierText)}"`;
    balanceTier = tier;
  }

  let country: string | null = null;
  const countryText = cell(row, columns.country);
  if (countryText !== "") {
    country = parseCountryCode(countryText);
    if (country === null) return `invalid country "${truncateRaw(countryText)}"`;
  }

  const openedAt = parseDateCell(cell(row, columns.openedAt), "created");
  if (typeof openedAt === "string") return openedAt;
  const lastLoginAt = parseDateCell(cell(row, columns.lastLoginAt), "last login");
  if (typeof lastLoginAt === "string") return lastLoginAt;

  return {
    line: row.line,
    externalId,
    email,
    emailNormalized: checked.normalized,
    twoFactorEnabled,
    balanceUsdCents,
    balanceTier,
    country,
    openedAt,
    lastLoginAt,
  };
}

/**
 * Customer directory CSV/TSV. An empty or absent 2FA value counts as "not enabled", the
 * conservative reading for risk; empty balance, tier, country and dates are null.
 */
export async function* parseAccountsCsv(
  input: AsyncIterable<Buffer | string>,
  options: AccountsCsvOptions = {},
): AsyncGenerator<AccountBatch> {
  let columns: Columns | null = null;
  let fields: AccountField[] = [];
  for await (const batch of readCsvRecords(input, options)) {
    if (!columns) {
      columns = resolveColumns(batch.header);
      fields = presentFields(columns);
    }
    const rows: ParsedAccount[] = [];
    const rejects: Rejected[] = batch.rejects;
    for (let i = 0; i < batch.records.length; i++) {
      const row = { record: batch.records[i] ?? [], line: batch.lines[i] ?? 0 };
      const parsed = parseAccount(row, columns);
      if (typeof parsed === "string")
        rejects.push({ line: row.line, reason: parsed, raw: truncateRaw(batch.raws[i] ?? "") });
      else rows.push(parsed);
    }
    yield { rows, fields, rejects, blankLines: batch.blankLines, bytesRead: batch.bytesRead };
  }
}
