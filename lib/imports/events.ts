import { isIP } from "node:net";
import { checkAddress } from "@/lib/email/normalize";
import { accountIdTooLong, MAX_ACCOUNT_ID_CHARS } from "./accounts-csv";
import { describeHeader, findColumn, headerKey } from "./columns";
import { readCsvRecords } from "./csv-records";
import { assertNoNul, LineSplitter } from "./line-splitter";
import { parseTimestamp } from "./dates";
import {
  ImportFormatError,
  type ParsedSecurityEvent,
  type Rejected,
  type SecurityEventBatch,
  SECURITY_EVENT_KINDS,
  type SecurityEventKind,
  truncateRaw,
} from "./types";

const EVENT_COLUMNS = {
  // Not "id": in an audit log that is usually the event's own id.
  accountExternalId: ["account id", "account", "external id", "customer id", "user id"],
  email: ["email", "e-mail", "email address"],
  occurredAt: ["occurred at", "time", "timestamp", "date", "event time", "created at", "at"],
  kind: ["kind", "event", "event type", "type", "action"],
  ip: ["ip", "ip address", "source ip", "remote ip"],
  detail: ["detail", "details", "description", "message", "note"],
} as const;

type Field = keyof typeof EVENT_COLUMNS;

// Names used by the providers' audit logs for the same kinds of event, compared after
// lower-casing and turning every run of punctuation into a space.
const KIND_SYNONYMS: Record<SecurityEventKind, readonly string[]> = {
  login_new_device: [
    "new device login",
    "login success from new device",
    "login from new device",
    "successful login from new device",
    "new device",
    "login new device success",
  ],
  login_failed: [
    "failed login",
    "login failure",
    "failed login attempt",
    "login attempt failed",
    "authentication failed",
  ],
  password_change: [
    "password changed",
    "password reset",
    "change password",
    "password update",
    "password updated",
    "password reset completed",
  ],
  two_factor_change: [
    "2fa change",
    "2fa changed",
    "2fa disabled",
    "2fa enabled",
    "2fa reset",
    "mfa change",
    "mfa changed",
    "mfa disabled",
    "two factor changed",
    "two factor disabled",
    "two factor enabled",
    "tfa change",
  ],
  email_change: [
    "email changed",
    "e mail change",
    "e mail changed",
    "change email",
    "email updated",
    "email address changed",
  ],
  withdrawal_address_change: [
    "withdrawal address changed",
    "withdrawal address added",
    "new withdrawal address",
    "change withdrawal address",
    "withdrawal address updated",
  ],
  api_key_created: ["api key create", "new api key", "api key added", "create api key", "api key generated"],
};

function kindKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

const KINDS = new Map<string, SecurityEventKind>();
for (const kind of SECURITY_EVENT_KINDS) {
  KINDS.set(kindKey(kind), kind);
  for (const synonym of KIND_SYNONYMS[kind]) KINDS.set(kindKey(synonym), kind);
}

export function parseEventKind(text: string): SecurityEventKind | null {
  return KINDS.get(kindKey(text)) ?? null;
}

type Values = Record<Field, string>;

function toEvent(values: Values, line: number): ParsedSecurityEvent | string {
  const accountExternalId = values.accountExternalId || null;
  // No directory account has a longer id, and one would fail the import's index.
  if (accountExternalId !== null && accountExternalId.length > MAX_ACCOUNT_ID_CHARS) {
    return accountIdTooLong(accountExternalId);
  }
  let email: string | null = null;
  let emailNormalized: string | null = null;
  if (values.email !== "") {
    const checked = checkAddress(values.email);
    if (!checked.ok) return `invalid email: ${checked.reason}`;
    email = values.email;
    emailNormalized = checked.normalized;
  }
  if (accountExternalId === null && email === null) return "missing account id and email";
  if (values.occurredAt === "") return "missing time";
  const time = parseTimestamp(values.occurredAt, { requireZone: true });
  if (!time.ok) {
    return time.reason === "time without time zone" ? time.reason : `invalid time "${truncateRaw(values.occurredAt)}"`;
  }
  if (values.kind === "") return "missing event kind";
  const kind = parseEventKind(values.kind);
  if (kind === null) return `unknown event kind "${truncateRaw(values.kind)}"`;
  let ip: string | null = null;
  if (values.ip !== "") {
    if (isIP(values.ip) === 0) return `invalid IP address "${truncateRaw(values.ip)}"`;
    ip = values.ip;
  }
  return {
    line,
    accountExternalId,
    email,
    emailNormalized,
    occurredAt: time.date,
    kind,
    ip,
    detail: values.detail || null,
  };
}

const FIELDS = Object.keys(EVENT_COLUMNS) as Field[];

async function* parseEventsCsv(
  input: AsyncIterable<Buffer | string>,
  batchSize: number | undefined,
): AsyncGenerator<SecurityEventBatch> {
  let columns: Record<Field, number> | null = null;
  for await (const batch of readCsvRecords(input, { batchSize })) {
    if (columns === null) {
      const found = {} as Record<Field, number>;
      for (const field of FIELDS) found[field] = findColumn(batch.header, EVENT_COLUMNS[field]);
      const missing =
        found.occurredAt === -1
          ? ["time", EVENT_COLUMNS.occurredAt]
          : found.kind === -1
            ? ["event kind", EVENT_COLUMNS.kind]
            : found.accountExternalId === -1 && found.email === -1
              ? ["account id or email", [...EVENT_COLUMNS.accountExternalId, ...EVENT_COLUMNS.email]]
              : null;
      if (missing !== null) {
        const [label, names] = missing as [string, readonly string[]];
        throw new ImportFormatError(
          `No ${label} column: expected one of ${names.join(", ")} (found: ${describeHeader(batch.header)})`,
        );
      }
      columns = found;
    }
    const rows: ParsedSecurityEvent[] = [];
    const rejects: Rejected[] = batch.rejects;
    for (let i = 0; i < batch.records.length; i++) {
      const record = batch.records[i] ?? [];
      const values = {} as Values;
      for (const field of FIELDS) {
        const index = columns[field];
        values[field] = index === -1 ? "" : (record[index] ?? "").trim();
      }
      const line = batch.lines[i] ?? 0;
      const event = toEvent(values, line);
      if (typeof event === "string") rejects.push({ line, reason: event, raw: truncateRaw(batch.raws[i] ?? "") });
      else rows.push(event);
    }
    yield { rows, rejects, blankLines: batch.blankLines, bytesRead: batch.bytesRead };
  }
}

// JSON keys go through the same synonyms as CSV headers; the first matching key wins.
const JSON_KEYS = new Map<string, Field>();
for (const field of FIELDS) {
  for (const name of EVENT_COLUMNS[field]) if (!JSON_KEYS.has(headerKey(name))) JSON_KEYS.set(headerKey(name), field);
}
// camelCase keys ("occurredAt", "accountId") are as common in JSON as snake_case.
function jsonKey(key: string): string {
  return headerKey(key.replace(/([a-z0-9])([A-Z])/g, "$1 $2"));
}

function jsonValue(value: unknown): string | null {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

function eventFromJson(text: string, line: number): ParsedSecurityEvent | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return "invalid JSON";
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return "expected a JSON object";
  const values: Values = { accountExternalId: "", email: "", occurredAt: "", kind: "", ip: "", detail: "" };
  const rank: Partial<Record<Field, number>> = {};
  for (const [key, raw] of Object.entries(parsed)) {
    const field = JSON_KEYS.get(jsonKey(key));
    if (field === undefined) continue;
    // Prefer the earliest synonym when an object has several ("id" and "account_id").
    const position = EVENT_COLUMNS[field].findIndex((name) => headerKey(name) === jsonKey(key));
    if (rank[field] !== undefined && (rank[field] ?? 0) <= position) continue;
    let value = jsonValue(raw);
    if (value === null) {
      if (field !== "detail") return `invalid ${key}: expected text`;
      value = JSON.stringify(raw);
    }
    // "\u0000" is valid JSON, but no PostgreSQL text can hold the character.
    if (value.includes("\u0000")) return `invalid ${truncateRaw(key)}: contains a NUL character`;
    values[field] = value;
    rank[field] = position;
  }
  return toEvent(values, line);
}

// One event is a few hundred bytes; a megabyte on one line is not an event.
const MAX_JSON_LINE_CHARS = 1 << 20;
const JSONL_WHAT = "a JSON-lines file (one event per line)";

async function* parseEventsJsonl(
  input: AsyncIterable<Buffer | string>,
  batchSize: number,
): AsyncGenerator<SecurityEventBatch> {
  const decoder = new TextDecoder("utf-8");
  const lines = new LineSplitter({ maxLineChars: MAX_JSON_LINE_CHARS, what: JSONL_WHAT });
  let rows: ParsedSecurityEvent[] = [];
  let rejects: Rejected[] = [];
  let blankLines = 0;
  let bytesRead = 0;
  let lineNumber = 0;
  const take = (): SecurityEventBatch => {
    const batch = { rows, rejects, blankLines, bytesRead };
    rows = [];
    rejects = [];
    blankLines = 0;
    return batch;
  };
  const handle = (line: string) => {
    lineNumber++;
    const text = line.trim();
    if (text === "") {
      blankLines++;
      return;
    }
    const event = eventFromJson(text, lineNumber);
    if (typeof event === "string") rejects.push({ line: lineNumber, reason: event, raw: truncateRaw(text) });
    else rows.push(event);
  };
  let first = true;
  for await (const chunk of input) {
    bytesRead += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
    let text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    assertNoNul(lines, text, JSONL_WHAT);
    for (const line of lines.push(text)) {
      handle(line);
      if (rows.length + rejects.length >= batchSize) yield take();
    }
  }
  const rest = decoder.decode();
  assertNoNul(lines, rest, JSONL_WHAT);
  for (const line of lines.push(rest)) handle(line);
  const last = lines.end();
  if (last !== null) handle(last);
  yield take();
}

/**
 * Post-leak security events (CSV/TSV with a header, or one JSON object per line). Each
 * event needs an account id or an e-mail, a kind (synonyms accepted) and a time with a
 * time zone: a zone-less time is rejected, because guessing UTC could put an attacker's
 * login on the wrong side of the leak.
 */
export function parseSecurityEvents(
  input: AsyncIterable<Buffer | string>,
  options: { format: "csv" | "jsonl"; batchSize?: number },
): AsyncGenerator<SecurityEventBatch> {
  const batchSize = Math.max(1, options.batchSize ?? 5000);
  return options.format === "csv" ? parseEventsCsv(input, batchSize) : parseEventsJsonl(input, batchSize);
}
