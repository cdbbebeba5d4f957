import { randomUUID } from "node:crypto";

/*
 * The server's one logger: a JSON line per event on stderr, with codes and ids
 * only. An error's message is where a database puts the values it choked on
 * (`invalid input syntax for type bigint: "<the searched address>"`, a unique
 * violation's `Key (email)=(...)`), and drivers hang the statement and its
 * parameters on the error object; printing the error as it is put customer
 * addresses in the log. So an error is described by an allow-list: its name,
 * its code (Prisma's P-code, PostgreSQL's SQLSTATE, our AppError code) and its
 * stack frames (file positions, no message). A non-database error keeps its
 * message, with quoted text and anything shaped like an address cut out.
 *
 * Written here rather than with pino: pino's redaction removes paths that are
 * named in advance, and what must go is everything not named (a driver's
 * `query`, `parameters`, `detail`, `where`, `meta` or `cause`, under any name).
 */

type LogLevel = "error" | "warn" | "info";

/** What an entry may carry besides the error: ids and codes, never row contents. */
export type LogContext = {
  requestId?: string;
  /** The route's path without its query string (a search may hold an address). */
  route?: string;
  action?: string;
  userId?: string;
  incidentId?: string;
  importId?: string;
  /** The audit chain's head (server/audit/log-audit-head.ts): last entry id, hash, HMAC. */
  auditLastId?: string;
  auditHead?: string;
  auditHeadMac?: string;
};

export type SafeError = {
  name: string;
  code?: string;
  /** Next.js's digest of a render error: the reference its error page shows. */
  digest?: string;
  message?: string;
  frames?: string[];
  cause?: SafeError;
};

type Sink = (line: string) => void;

let sink: Sink = (line) => {
  process.stderr.write(`${line}\n`);
};

/** For tests: where log lines go. Returns the previous sink. */
export function setLogSink(next: Sink): Sink {
  const previous = sink;
  sink = next;
  return previous;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** A proxy's request id when it is a plain token, else a new one. */
export function requestIdFrom(headers?: Headers): string {
  const given = headers?.get("x-request-id");
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

const CODE = /^(P\d{4}|[0-9A-Z]{5}|[A-Z][A-Z_]{2,31})$/;
const NAME = /^[A-Za-z][A-Za-z0-9_.]{0,63}$/;
const QUOTED = /"[^"]*"|'[^']*'|`[^`]*`|=\([^)]*\)/g;
const ADDRESS_LIKE = /[^\s"'<>(),;:[\]]*@[^\s"'<>(),;:[\]]*/g;
const MESSAGE_MAX = 200;
const FRAMES_MAX = 12;

function field(error: object, key: string): unknown {
  return (error as Record<string, unknown>)[key];
}

function codeOf(error: object): string | undefined {
  for (const key of ["code", "sqlState"]) {
    const value = field(error, key);
    if (typeof value === "string" && CODE.test(value)) return value;
  }
  return undefined;
}

// Prisma's errors, driver-adapter errors, pg's DatabaseError and PGlite's
// errors all carry a code of the shapes above or name themselves so.
function isDatabaseError(error: object, name: string, code: string | undefined): boolean {
  if (code !== undefined && /^(P\d{4}|[0-9A-Z]{5})$/.test(code)) return true;
  return /prisma|database|driveradapter|pglite|postgres/i.test(name) || field(error, "query") !== undefined;
}

function redactMessage(message: string): string {
  const redacted = message.replace(QUOTED, "[…]").replace(ADDRESS_LIKE, "[address]");
  return redacted.length > MESSAGE_MAX ? `${redacted.slice(0, MESSAGE_MAX - 1)}…` : redacted;
}

function framesOf(stack: unknown): string[] | undefined {
  if (typeof stack !== "string") return undefined;
  // Only the "    at ..." lines: the first line repeats the message.
  const frames = stack
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .slice(0, FRAMES_MAX)
    .map((line) => line.trim().replace(QUOTED, "[…]"));
  return frames.length ? frames : undefined;
}

/** An error as the log may show it (see the note at the top). */
export function describeError(error: unknown, depth = 0): SafeError {
  if (typeof error !== "object" || error === null) return { name: typeof error };
  const rawName = field(error, "name");
  const constructorName = (error as { constructor?: { name?: unknown } }).constructor?.name;
  const candidate = typeof rawName === "string" ? rawName : typeof constructorName === "string" ? constructorName : "";
  const name = NAME.test(candidate) ? candidate : "Error";
  const code = codeOf(error);
  const safe: SafeError = { name };
  if (code !== undefined) safe.code = code;
  const digest = field(error, "digest");
  if (typeof digest === "string" && /^[A-Za-z0-9@_-]{1,64}$/.test(digest)) safe.digest = digest;
  const message = field(error, "message");
  if (typeof message === "string" && !isDatabaseError(error, name, code)) safe.message = redactMessage(message);
  const frames = framesOf(field(error, "stack"));
  if (frames) safe.frames = frames;
  const cause = field(error, "cause");
  if (cause !== undefined && depth < 2) safe.cause = describeError(cause, depth + 1);
  return safe;
}

function safeContext(context: LogContext): LogContext {
  const out: LogContext = {};
  for (const [key, value] of Object.entries(context) as [keyof LogContext, unknown][]) {
    // Ids and codes are short tokens; anything else is not an id and stays out.
    if (typeof value === "string" && /^[A-Za-z0-9._:/\-[\] ]{1,200}$/.test(value) && !value.includes("@")) {
      out[key] = value;
    }
  }
  return out;
}

function write(level: LogLevel, event: string, context: LogContext, error?: unknown): void {
  const entry: Record<string, unknown> = {
    level,
    time: new Date().toISOString(),
    event,
    ...safeContext(context),
  };
  if (error !== undefined) entry.error = describeError(error);
  sink(JSON.stringify(entry));
}

export const log = {
  error: (event: string, error: unknown, context: LogContext = {}) => write("error", event, context, error),
  warn: (event: string, context: LogContext = {}, error?: unknown) => write("warn", event, context, error),
  info: (event: string, context: LogContext = {}) => write("info", event, context),
};
