import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { actionError } from "./action-errors";
import { apiHandler } from "./api-handler";
import { AppError } from "./errors";
import { describeError, log, requestIdFrom, setLogSink } from "./log";
import { redactConsoleErrors } from "./log-console";

vi.mock("./auth/session", () => ({
  authorize: async () => ({ id: "u1", email: "analyst@breachdesk.test", name: "A", role: "security_analyst" }),
}));

const ADDRESS = "jane.doe+vip@example.com";
const SQL = "SELECT t.* FROM triage_entries t WHERE t.email_normalized = $2";

// The shapes the drivers under Prisma throw, each carrying the statement, its
// parameters and the value in the message or detail.
function pgDatabaseError(): Error {
  const error = new Error(`invalid input syntax for type bigint: "${ADDRESS}"`);
  Object.assign(error, {
    name: "DatabaseError",
    code: "22P02",
    detail: `Key (email_normalized)=(${ADDRESS}) already exists.`,
    where: `unnamed portal parameter $2 = '${ADDRESS}'`,
    query: SQL,
    parameters: ["inc-1", ADDRESS],
  });
  return error;
}

function prismaAdapterError(): Error {
  const error = new Error(`Unique constraint failed: ${ADDRESS}`);
  Object.assign(error, {
    name: "PrismaClientKnownRequestError",
    code: "P2002",
    meta: { target: ["email"], driverAdapterError: { cause: { originalMessage: ADDRESS } } },
    cause: pgDatabaseError(),
  });
  return error;
}

function pgliteError(): Error {
  const error = new Error(`duplicate key value violates unique constraint: ${ADDRESS}`);
  Object.assign(error, { query: SQL, params: [ADDRESS], code: "23505", severity: "ERROR" });
  return error;
}

describe("the redacting logger", () => {
  let lines: string[];
  let previous: ReturnType<typeof setLogSink>;
  beforeEach(() => {
    lines = [];
    previous = setLogSink((line) => lines.push(line));
  });
  afterEach(() => {
    setLogSink(previous);
  });

  it.each([
    ["pg's DatabaseError", pgDatabaseError],
    ["a Prisma error wrapping it", prismaAdapterError],
    ["PGlite's error", pgliteError],
  ])("logs %s by name, code and frames: no message, statement or parameters", (_label, make) => {
    log.error("test.db_failure", make(), { requestId: "req-12345678", incidentId: "inc-1" });
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).not.toContain(ADDRESS);
    expect(line).not.toContain("example.com");
    expect(line).not.toContain("SELECT");
    expect(line).not.toContain("triage_entries");
    const entry = JSON.parse(line) as {
      level: string;
      event: string;
      requestId: string;
      error: { code?: string; frames?: string[] };
    };
    expect(entry).toMatchObject({
      level: "error",
      event: "test.db_failure",
      requestId: "req-12345678",
      incidentId: "inc-1",
    });
    expect(entry.error.code).toMatch(/^(22P02|P2002|23505)$/);
    expect(entry.error.frames?.[0]).toMatch(/^at /);
  });

  it("keeps a programming error's message, without quoted values or addresses", () => {
    const safe = describeError(
      new TypeError(`Cannot read properties of undefined (reading 'x') for ${ADDRESS} "secret"`),
    );
    expect(safe.name).toBe("TypeError");
    expect(safe.message).toContain("Cannot read properties of undefined");
    expect(JSON.stringify(safe)).not.toMatch(/jane|example\.com|secret/);
  });

  it("keeps only id-shaped context values", () => {
    log.warn("test.context", { requestId: "abcdefgh", route: `GET /api/v1/x?q=${ADDRESS}`, userId: ADDRESS });
    expect(lines[0]).not.toContain("jane");
    expect(JSON.parse(lines[0]!)).toMatchObject({ requestId: "abcdefgh" });
  });

  it("takes a proxy's request id only when it is a plain token", () => {
    expect(requestIdFrom(new Headers({ "x-request-id": "edge-1234abcd" }))).toBe("edge-1234abcd");
    expect(requestIdFrom(new Headers({ "x-request-id": ADDRESS }))).not.toContain("@");
    expect(requestIdFrom()).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("routes a route handler's unexpected error through it, answering with the request id", async () => {
    const GET = apiHandler("accounts.read", async () => {
      throw pgDatabaseError();
    });
    const response = await GET(
      new Request(`http://localhost/api/v1/incidents/x/accounts/export?q=${encodeURIComponent(ADDRESS)}`, {
        headers: { "x-request-id": "req-abcdef12" },
      }),
      {},
    );
    expect(response.status).toBe(500);
    expect(response.headers.get("x-request-id")).toBe("req-abcdef12");
    const body = (await response.json()) as { error: { code: string; requestId: string; message: string } };
    expect(body.error).toMatchObject({ code: "INTERNAL", requestId: "req-abcdef12" });
    expect(JSON.stringify(body)).not.toContain(ADDRESS);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(ADDRESS);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      event: "route_handler.unexpected_error",
      requestId: "req-abcdef12",
      route: "GET /api/v1/incidents/x/accounts/export",
    });
  });

  it("routes a server action's unexpected error through it; expected errors are not logged", () => {
    const result = actionError(prismaAdapterError());
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/reference [0-9a-f-]{36}/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(ADDRESS);
    expect(actionError(new AppError("VALIDATION", "Bad input")).message).toBe("Bad input");
    expect(lines).toHaveLength(1);
  });

  it("takes over console.error for errors (Next's render errors), passing plain messages through", () => {
    const printed: unknown[][] = [];
    const fakeConsole = { error: (...args: unknown[]) => printed.push(args) };
    const undo = redactConsoleErrors(fakeConsole);
    const error = Object.assign(pgDatabaseError(), { digest: "1234567890" });
    fakeConsole.error(error);
    fakeConsole.error("Warning: something", 42);
    undo();
    expect(printed).toEqual([["Warning: something", 42]]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(ADDRESS);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      event: "console.error",
      error: { code: "22P02", digest: "1234567890" },
    });
  });
});
