import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { AppError } from "../errors";
import { sweepExpired } from "../workers/work";
import { IDEMPOTENCY_RETENTION_HOURS, requestHash, withIdempotency, type IdempotentResponse } from "./idempotency";

describe.each(testDbKinds())("withIdempotency on %s", (kind) => {
  let db: TestDb;
  let runs: number;
  let n = 0;
  let key: string;

  beforeAll(async () => {
    db = await openTestDb(kind);
  });
  afterAll(async () => {
    await db?.cleanup();
  });
  beforeEach(() => {
    runs = 0;
    key = `key-${++n}`;
  });

  const path = "/api/v1/incidents/demo/bulk-actions";
  const target = (body: unknown, options: { key?: string | null; scope?: string; path?: string } = {}) => ({
    scope: options.scope ?? "user:1",
    key: options.key === undefined ? key : options.key,
    request: { method: "POST", path: options.path ?? path, body },
  });
  const created = async (): Promise<IdempotentResponse> => {
    runs += 1;
    return { status: 201, body: { bulkAction: { id: `ba-${runs}`, total: 3 } } };
  };

  async function record(scope: string, k: string) {
    const [row] = await db.sql.query<{ response_status: number | null }>(
      `SELECT response_status FROM idempotency_records WHERE scope = $1 AND key = $2`,
      [scope, k],
    );
    return row;
  }

  it("without a key, just runs, every time, and records nothing", async () => {
    const count = async () =>
      (await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM idempotency_records`))[0]!.n;
    const before = await count();
    const first = await withIdempotency(db, target({ a: 1 }, { key: null }), created);
    const second = await withIdempotency(db, target({ a: 1 }, { key: null }), created);
    expect(runs).toBe(2);
    expect(first).toMatchObject({ status: 201, replayed: false });
    expect(second.body).toEqual({ bulkAction: { id: "ba-2", total: 3 } });
    expect(await count()).toBe(before);
  });

  it("same key and same body: runs once, replays the stored answer with Idempotent-Replayed", async () => {
    const first = await withIdempotency(db, target({ kind: "reset", reason: "leak" }), created);
    expect(first).toEqual({
      status: 201,
      body: { bulkAction: { id: "ba-1", total: 3 } },
      replayed: false,
      headers: {},
    });
    // The same body with its keys in another order is the same request.
    const again = await withIdempotency(db, target({ reason: "leak", kind: "reset" }), created);
    expect(runs).toBe(1);
    expect(again).toEqual({
      status: 201,
      body: { bulkAction: { id: "ba-1", total: 3 } },
      replayed: true,
      headers: { "Idempotent-Replayed": "true" },
    });
    expect(await record("user:1", key)).toEqual({ response_status: 201 });
  });

  it("same key, other body or other path: 422 IDEMPOTENCY_KEY_REUSED, nothing run", async () => {
    await withIdempotency(db, target({ kind: "reset", reason: "leak" }), created);
    const otherBody = await withIdempotency(db, target({ kind: "hold", reason: "leak" }), created);
    expect(otherBody.status).toBe(422);
    expect(otherBody.body).toMatchObject({ error: { code: "IDEMPOTENCY_KEY_REUSED" } });
    expect(otherBody.replayed).toBe(false);
    const otherPath = await withIdempotency(
      db,
      target({ kind: "reset", reason: "leak" }, { path: `${path}/preview` }),
      created,
    );
    expect(otherPath.status).toBe(422);
    expect(runs).toBe(1);
  });

  it("same key while the first request still runs: 409, and the first finishes normally", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let running!: () => void;
    // The handler runs once the first request has recorded its key.
    const recorded = new Promise<void>((resolve) => (running = resolve));
    const first = withIdempotency(db, target({ a: 1 }), async () => {
      running();
      await gate;
      return created();
    });
    await recorded;
    expect(await record("user:1", key)).toEqual({ response_status: null });
    const concurrent = await withIdempotency(db, target({ a: 1 }), created);
    expect(concurrent.status).toBe(409);
    expect(concurrent.body).toMatchObject({ error: { code: "IDEMPOTENCY_KEY_IN_USE" } });
    expect(concurrent.headers).toEqual({ "Retry-After": "1" });
    release();
    expect((await first).status).toBe(201);
    expect(runs).toBe(1);
    expect((await withIdempotency(db, target({ a: 1 }), created)).replayed).toBe(true);
  });

  it("an unexpected error removes the record, so a retry with the same key runs", async () => {
    const boom = withIdempotency(db, target({ a: 1 }), async () => {
      throw new Error("database went away");
    });
    await expect(boom).rejects.toThrow("database went away");
    expect(await record("user:1", key)).toBeUndefined();
    const retry = await withIdempotency(db, target({ a: 1 }), created);
    expect(retry).toMatchObject({ status: 201, replayed: false });
    expect(runs).toBe(1);
  });

  it("an expected error (AppError) is the answer: stored and replayed, with the API's error shape", async () => {
    const refuse = async (): Promise<IdempotentResponse> => {
      runs += 1;
      throw new AppError("CONFLICT", "This bulk action is running: it cannot be resumed.");
    };
    const first = await withIdempotency(db, target({}), refuse);
    expect(first).toMatchObject({
      status: 409,
      body: { error: { code: "CONFLICT", message: "This bulk action is running: it cannot be resumed." } },
      replayed: false,
    });
    const again = await withIdempotency(db, target({}), refuse);
    expect(again).toMatchObject({ status: 409, replayed: true, body: first.body });
    expect(runs).toBe(1);
  });

  it("a step-up refusal (STEP_UP_REQUIRED) is answered, not stored: after stepping up, the same key runs", async () => {
    const stale = async (): Promise<IdempotentResponse> => {
      runs += 1;
      throw new AppError("STEP_UP_REQUIRED", "Confirm it is you: enter the code from your authenticator app.");
    };
    const refused = await withIdempotency(db, target({ note: "ok" }), stale);
    expect(refused).toMatchObject({ status: 403, replayed: false, body: { error: { code: "STEP_UP_REQUIRED" } } });
    expect(await record("user:1", key)).toBeUndefined();
    const retry = await withIdempotency(db, target({ note: "ok" }), created);
    expect(retry).toMatchObject({ status: 201, replayed: false });
    expect((await withIdempotency(db, target({ note: "ok" }), created)).replayed).toBe(true);
    expect(runs).toBe(2);
  });

  it("scopes keys: another user's request with the same key is a request of its own", async () => {
    await withIdempotency(db, target({ a: 1 }), created);
    const other = await withIdempotency(db, target({ a: 2 }, { scope: "user:2" }), created);
    expect(other).toMatchObject({ status: 201, replayed: false });
    expect(runs).toBe(2);
  });

  it("takes over a request still marked running long after its process died", async () => {
    await db.sql.run(
      `INSERT INTO idempotency_records (scope, key, request_hash, created_at) VALUES ($1, $2, $3, now() - interval '1 hour')`,
      ["user:1", key, requestHash(target({ a: 1 }).request)],
    );
    const fresh = await withIdempotency(db, target({ a: 1 }), created);
    expect(fresh).toMatchObject({ status: 201, replayed: false });
    expect(runs).toBe(1);
    // A recent running record is not taken over.
    const recentKey = `${key}-recent`;
    await db.sql.run(`INSERT INTO idempotency_records (scope, key, request_hash) VALUES ($1, $2, $3)`, [
      "user:1",
      recentKey,
      requestHash(target({ a: 1 }).request),
    ]);
    expect((await withIdempotency(db, target({ a: 1 }, { key: recentKey }), created)).status).toBe(409);
  });

  it("refuses a key longer than 255 characters before running anything", async () => {
    await expect(withIdempotency(db, target({}, { key: "k".repeat(256) }), created)).rejects.toMatchObject({
      code: "VALIDATION",
    });
    expect(runs).toBe(0);
  });
  it(`forgets keys older than ${IDEMPOTENCY_RETENTION_HOURS} hours when the worker sweeps, and keeps the rest`, async () => {
    await withIdempotency(db, target({ a: 1 }, { key: "old-key", scope: "sweep" }), created);
    await withIdempotency(db, target({ a: 1 }, { key: "new-key", scope: "sweep" }), created);
    const created_at = Date.now() - (IDEMPOTENCY_RETENTION_HOURS * 3600 + 60) * 1000;
    await db.sql.query(`UPDATE idempotency_records SET created_at = $1 WHERE scope = 'sweep' AND key = 'old-key'`, [
      new Date(created_at).toISOString(),
    ]);
    await sweepExpired(db, new Date());
    expect(await record("sweep", "old-key")).toBeUndefined();
    expect(await record("sweep", "new-key")).toMatchObject({ response_status: 201 });
  });
});
