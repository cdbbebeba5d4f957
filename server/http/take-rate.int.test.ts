import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refilledTokensSql, take, takenTokensSql, type BucketState } from "../../lib/rate-limit/token-bucket";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { takeRate } from "./take-rate";

// The database back-end of the token bucket runs the arithmetic in SQL: the
// same answers as lib/rate-limit/token-bucket.ts's, which is property-tested.

describe.each(testDbKinds())("the token bucket in SQL on %s", (kind) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(kind);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("refills and takes exactly as the TypeScript definition does", async () => {
    const at = Date.parse("2026-12-05T12:00:00.000Z");
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          capacity: fc.integer({ min: 1, max: 500 }),
          perSecond: fc.double({ min: 0.001, max: 1_000, noNaN: true }),
          tokens: fc.option(fc.double({ min: -5, max: 500, noNaN: true })),
          elapsedMs: fc.integer({ min: -5_000, max: 600_000 }),
        }),
        async ({ capacity, perSecond, tokens, elapsedMs }) => {
          const limit = { capacity, perSecond };
          const state: BucketState = tokens === null ? null : { tokens: Math.min(tokens, capacity), atMs: at };
          const [row] = await db.sql.query<{ available: number; after: number }>(
            `WITH b AS (SELECT ${refilledTokensSql("$1::float8", "$2::timestamptz", "$3::float8", "$4::float8", "$5::timestamptz")} AS available)
             SELECT available::float8 AS available, (${takenTokensSql("available")})::float8 AS after FROM b`,
            [
              state?.tokens ?? null,
              state ? new Date(at).toISOString() : null,
              capacity,
              perSecond,
              new Date(at + elapsedMs).toISOString(),
            ],
          );
          const expected = take(limit, state, 1, at + elapsedMs);
          // Allowed, the draw left one token fewer than were there; refused, it took none.
          expect(row!.available).toBeCloseTo(expected.allowed ? expected.state.tokens + 1 : expected.state.tokens, 6);
          expect(row!.after).toBeCloseTo(expected.state.tokens, 6);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("lets a new source's burst through, then refuses with the seconds until a token is back", async () => {
    const limit = { capacity: 2, perSecond: 0.01 };
    expect(await takeRate(db, "test:burst", limit)).toBeNull();
    expect(await takeRate(db, "test:burst", limit)).toBeNull();
    // Empty: one token takes 100 s at 0.01 a second (less the instant since the last draw).
    expect(await takeRate(db, "test:burst", limit)).toBe(100);
  });
});
