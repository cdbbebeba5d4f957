import "server-only";
import type { z } from "zod";
import { apiHandler } from "../api-handler";
import type { CurrentUser } from "../auth/session";
import { getDb, type Db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { apiJson, canonicalJson, idempotentPost, type IdempotentResponse } from "../http/idempotency";
import { describeQueryErrors, triageQueryErrors } from "../../lib/triage/query-errors";
import { assertOperationIncidentOpen } from "./closed-incident-guard";
import { ApiErrorBody } from "./error-body";
import type { Operation } from "./operation";
import { queryRecord } from "./query-record";
import { readOperationBody } from "./read-operation-body";

/** What a schema of the operation parses to; an operation without one gets an empty object. */
type Output<T> = [NonNullable<T>] extends [never] ? Record<string, never> : z.output<NonNullable<T> & z.ZodType>;

export type OperationCall<O extends Operation, Prepared> = {
  request: Request;
  user: CurrentUser;
  db: Db;
  params: Output<O["params"]>;
  query: Output<O["query"]>;
  body: Output<O["body"]>;
  /** For data functions that dedupe by it (the Idempotency-Key's, hashed). */
  requestKey: string | undefined;
  prepared: Prepared;
};

/** A JSON answer, or (downloads) a Response of its own. */
export type OperationResult = IdempotentResponse & { headers?: Record<string, string> };

type RouteContext = { params: Promise<Record<string, string | string[]>> };

/**
 * The route handler of a staff operation: apiHandler's session or token and
 * permission check, then the path, query and body parsed with the
 * operation's own schemas (a path that does not parse names nothing: 404),
 * a POST on a closed incident refused (409 INCIDENT_CLOSED), then `run`; a POST with side effects runs once per Idempotency-Key. The
 * body is read at most to the operation's limit (413 past it). Outside
 * production every JSON answer is checked against the documented schema for
 * its status, so a handler that drifts from the document fails its tests.
 *
 * `prepare` runs before the Idempotency-Key is recorded: checks whose refusal
 * must not be replayed to a retry (step-up, the URL naming nothing).
 */
export function operationRoute<O extends Operation, Prepared = undefined>(
  operation: O,
  run: (call: OperationCall<O, NoInfer<Prepared>>) => Promise<OperationResult | Response>,
  options: { prepare?: (call: Omit<OperationCall<O, undefined>, "body" | "requestKey">) => Promise<Prepared> } = {},
) {
  const { auth } = operation;
  if (auth.kind !== "staff") throw new Error(`${operation.operationId} authenticates itself; it has no staff route.`);
  return apiHandler(auth.permission, async (request: Request, user: CurrentUser, context: RouteContext) => {
    const params = parseParams(operation, await context.params);
    const query = parseQuery(operation, new URL(request.url).searchParams);
    const db = await getDb();
    await assertOperationIncidentOpen(db, operation, params);
    const base = { request, user, db, params, query, prepared: undefined };
    // Read once, within the operation's limit, before anything else runs.
    const body = (operation.fileBody ? {} : await readOperationBody(operation, request)) as Output<O["body"]>;
    if (operation.retry === "idempotency-key") {
      const prepared = options.prepare ? await options.prepare(base) : (undefined as Prepared);
      return idempotentPost(db, request, user, body, async (checked, requestKey) => {
        const result = await run({ ...base, prepared, body: checked, requestKey });
        if (result instanceof Response) throw new Error(`${operation.operationId}: an idempotent POST answers JSON.`);
        checkAnswer(operation, result.status, result.body);
        return result;
      });
    }
    const prepared = options.prepare ? await options.prepare(base) : (undefined as Prepared);
    const result = await run({ ...base, prepared, body, requestKey: undefined });
    if (result instanceof Response) return result;
    checkAnswer(operation, result.status, result.body);
    return apiJson(result.body, { status: result.status, headers: result.headers });
  });
}

function parseParams<O extends Operation>(operation: O, raw: Record<string, string | string[]>): Output<O["params"]> {
  if (!operation.params) return {} as Output<O["params"]>;
  const parsed = operation.params.safeParse(raw);
  // The schemas' messages say what is missing ("No such bulk action.").
  if (!parsed.success) throw new AppError("NOT_FOUND", parsed.error.issues[0]?.message ?? "Not found.");
  return parsed.data as Output<O["params"]>;
}

function parseQuery<O extends Operation>(operation: O, search: URLSearchParams): Output<O["query"]> {
  if (!operation.query) return {} as Output<O["query"]>;
  const parsed = operation.query.safeParse(queryRecord(operation.query, search));
  if (parsed.success) return parsed.data as Output<O["query"]>;
  // One entry per parameter, as the triage table's own errors name them.
  const errors = triageQueryErrors(parsed);
  const fields = Object.fromEntries(errors.map((e) => [e.param, e.message]));
  throw new AppError("VALIDATION", `Invalid query: ${describeQueryErrors(errors)}`, fields);
}

/**
 * Outside production: the answer must be one the document lists, with its
 * schema. Bodies go through JSON first, as the client will see them (dates
 * become strings).
 */
function checkAnswer(operation: Operation, status: number, body: unknown): void {
  if (env().NODE_ENV === "production") return;
  const schema = status >= 400 ? ApiErrorBody : operation.responses[status]?.schema;
  if (status < 400 && !operation.responses[status]) {
    throw new Error(`${operation.operationId} answered ${status}, a status its definition does not document.`);
  }
  if (!schema) return;
  const json: unknown = JSON.parse(JSON.stringify(body ?? null));
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`${operation.operationId}: the ${status} answer does not match its documented schema (${issues}).`);
  }
  // zod drops the properties an object does not list, where the document
  // says there are none (additionalProperties: false): an answer that lost
  // something in parsing held what the document does not say.
  if (canonicalJson(parsed.data) !== canonicalJson(json)) {
    throw new Error(
      `${operation.operationId}: the ${status} answer holds properties its documented schema does not list.`,
    );
  }
}
