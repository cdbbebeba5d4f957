import "server-only";
import { createHash } from "node:crypto";
import { NextResponse } from "next/server";
import type { z } from "zod";
import type { Db } from "../db";
import { AppError, isAppError } from "../errors";
import { DEFAULT_MAX_BODY_BYTES, readLimitedText } from "./read-limited-body";

// The Idempotency-Key header of the IETF draft
// (draft-ietf-httpapi-idempotency-key-header): a client that retries a POST
// with the same key gets the first answer again instead of a second side
// effect. One row per (scope, key) in idempotency_records; a null status
// means the first request is still running.

const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
/**
 * How long a key is remembered (the draft asks servers to publish an expiry).
 * A retry comes within seconds or minutes; the worker's sweep deletes older
 * records, so the table does not grow for ever.
 */
export const IDEMPOTENCY_RETENTION_HOURS = 24;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
/**
 * A request still "running" after this long died with its process: a retry
 * takes it over. Safe because the data functions behind every POST dedupe by
 * the request key derived from the same header (see `requestKeyFor`).
 */
const STALE_RUNNING_MS = 10 * 60_000;

export type IdempotentResponse = { status: number; body: unknown };
export type IdempotentOutcome = IdempotentResponse & { replayed: boolean; headers: Record<string, string> };
export type IdempotentRequest = { method: string; path: string; body: unknown };

/** Scopes keys per signed-in user: two users may pick the same key. */
export function userIdempotencyScope(userId: string): string {
  return `user:${userId}`;
}

/**
 * The header's key, or null without one. The draft makes the value a
 * structured-field string (`"abc"`); a bare token is accepted too. Too long
 * or blank is refused (422).
 */
export function parseIdempotencyKey(header: string | null | undefined): string | null {
  if (header === null || header === undefined) return null;
  const trimmed = header.trim();
  const key = /^".*"$/.test(trimmed) ? trimmed.slice(1, -1).replace(/\\(["\\])/g, "$1") : trimmed;
  assertKeyLength(key);
  return key;
}

function assertKeyLength(key: string): void {
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    const why = `must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`;
    throw new AppError("VALIDATION", `The ${IDEMPOTENCY_KEY_HEADER} header ${why}.`, { [IDEMPOTENCY_KEY_HEADER]: why });
  }
}

/** JSON with object keys sorted at every level, so key order and spacing do not change the hash. */
export function canonicalJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) => {
      if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
      const record = v as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(record)
          .sort()
          .map((k) => [k, record[k]]),
      );
    }) ?? "null"
  );
}

/** The request's fingerprint: SHA-256 over its method, path and canonical body. */
export function requestHash(request: IdempotentRequest): string {
  return createHash("sha256")
    .update(`${request.method.toUpperCase()}\n${request.path}\n${canonicalJson(request.body)}`)
    .digest("hex");
}

/**
 * The key handed to data functions that dedupe requests themselves
 * (requestBulkAction's requestKey): fixed length whatever the header's.
 */
export function requestKeyFor(key: string | null): string | undefined {
  return key === null ? undefined : `idem:${createHash("sha256").update(key).digest("hex")}`;
}

function errorBody(code: string, message: string, fields?: Record<string, string>) {
  return { error: { code, message, ...(fields ? { fields } : {}) } };
}

type StoredRow = { request_hash: string; response_status: number | null; response_body: unknown };

/**
 * Runs `run` at most once per (scope, key) and request. Without a key it
 * just runs. The first use records the key as running, runs, and stores the
 * answer; an expected error (AppError) is an answer too. Later uses with the
 * same request replay the stored answer (`Idempotent-Replayed: true`); with a
 * different request they get 422; while the first still runs, 409. An
 * unexpected error, or a refusal for want of a recent second factor
 * (STEP_UP_REQUIRED), removes the record, so a retry runs afresh.
 */
export async function withIdempotency(
  db: Db,
  target: { scope: string; key: string | null; request: IdempotentRequest },
  run: () => Promise<IdempotentResponse>,
  options: { staleAfterMs?: number } = {},
): Promise<IdempotentOutcome> {
  const { scope, key } = target;
  if (key === null) return { ...(await run()), replayed: false, headers: {} };
  assertKeyLength(key);
  const hash = requestHash(target.request);
  const staleSeconds = (options.staleAfterMs ?? STALE_RUNNING_MS) / 1000;

  // A row can vanish between the failed insert and the read (its first run
  // failed unexpectedly): then try the insert again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const inserted = await db.sql.run(
      `INSERT INTO idempotency_records (scope, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [scope, key, hash],
    );
    if (inserted === 1) return execute(db, scope, key, run);
    const [row] = await db.sql.query<StoredRow>(
      `SELECT request_hash, response_status, response_body FROM idempotency_records WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    if (!row) continue;
    if (row.request_hash !== hash) {
      return {
        status: 422,
        body: errorBody(
          "IDEMPOTENCY_KEY_REUSED",
          `This ${IDEMPOTENCY_KEY_HEADER} was already used for a different request. Use a new key for a new request.`,
        ),
        replayed: false,
        headers: {},
      };
    }
    if (row.response_status !== null) {
      return {
        status: Number(row.response_status),
        body: typeof row.response_body === "string" ? (JSON.parse(row.response_body) as unknown) : row.response_body,
        replayed: true,
        headers: { "Idempotent-Replayed": "true" },
      };
    }
    const takenOver = await db.sql.run(
      `UPDATE idempotency_records SET created_at = now()
        WHERE scope = $1 AND key = $2 AND request_hash = $3 AND response_status IS NULL
          AND created_at < now() - make_interval(secs => $4)`,
      [scope, key, hash, staleSeconds],
    );
    if (takenOver === 1) return execute(db, scope, key, run);
    break;
  }
  return {
    status: 409,
    body: errorBody(
      "IDEMPOTENCY_KEY_IN_USE",
      `A request with this ${IDEMPOTENCY_KEY_HEADER} is still being processed. Retry in a moment.`,
    ),
    replayed: false,
    headers: { "Retry-After": "1" },
  };
}

async function execute(
  db: Db,
  scope: string,
  key: string,
  run: () => Promise<IdempotentResponse>,
): Promise<IdempotentOutcome> {
  const forget = () =>
    db.sql
      .run(`DELETE FROM idempotency_records WHERE scope = $1 AND key = $2 AND response_status IS NULL`, [scope, key])
      .catch((cleanup: unknown) => console.error("Could not remove an idempotency record; it goes stale", cleanup));
  let response: IdempotentResponse;
  try {
    response = await run();
  } catch (error) {
    if (!isAppError(error)) {
      await forget();
      throw error;
    }
    response = { status: error.status, body: errorBody(error.code, error.message, error.fields) };
    // A stale second factor is the session's state, not the request's answer:
    // once the person steps up, the same request with the same key must run.
    if (error.code === "STEP_UP_REQUIRED") {
      await forget();
      return { ...response, replayed: false, headers: {} };
    }
  }
  await db.sql.run(
    `UPDATE idempotency_records SET response_status = $3, response_body = $4::jsonb WHERE scope = $1 AND key = $2`,
    [scope, key, response.status, JSON.stringify(response.body ?? null)],
  );
  return { ...response, replayed: false, headers: {} };
}

/** A JSON body of at most `maxBytes` (413 past it, before or while reading); an empty body is {}. */
export async function readJsonBody(request: Request, maxBytes: number = DEFAULT_MAX_BODY_BYTES): Promise<unknown> {
  const text = await readLimitedText(request, maxBytes);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("VALIDATION", "The request body must be JSON.", { body: "not valid JSON" });
  }
}

/** Parses a JSON body with its schema; field errors named by their path, as the API's errors say. */
export async function parseJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes: number = DEFAULT_MAX_BODY_BYTES,
): Promise<z.output<S>> {
  return parseBodyValue(await readJsonBody(request, maxBytes), schema);
}

/** A body already read (JSON, or a form's fields) checked with its schema. */
export function parseBodyValue<S extends z.ZodType>(value: unknown, schema: S): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) fields[issue.path.join(".") || "body"] ??= issue.message;
  throw new AppError("VALIDATION", "The request is not valid.", fields);
}

/** A JSON answer of the API: never cached (it reflects live remediation state). */
export function apiJson(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return NextResponse.json(body, {
    status: init.status ?? 200,
    headers: { "Cache-Control": "no-store", ...init.headers },
  });
}

/**
 * A POST with a side effect, end to end below the session: the body, already
 * read and parsed with its schema (an invalid body is refused before the key
 * is recorded), then `run` once per Idempotency-Key, its answer as JSON.
 * `run` receives the request key to pass to data functions that dedupe by it.
 */
export async function idempotentPost<B>(
  db: Db,
  request: Request,
  user: { id: string },
  body: B,
  run: (body: B, requestKey: string | undefined) => Promise<IdempotentResponse>,
): Promise<Response> {
  const key = parseIdempotencyKey(request.headers.get(IDEMPOTENCY_KEY_HEADER));
  const outcome = await withIdempotency(
    db,
    {
      scope: userIdempotencyScope(user.id),
      key,
      request: { method: request.method, path: new URL(request.url).pathname, body },
    },
    () => run(body, requestKeyFor(key)),
  );
  return apiJson(outcome.body, { status: outcome.status, headers: outcome.headers });
}
