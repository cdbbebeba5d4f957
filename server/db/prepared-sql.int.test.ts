import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { openDriver, preparedSql } from "./driver";

const TWICE = preparedSql("test-prepared-twice", `SELECT $1::int * 2 AS n, current_setting('application_name') AS app`);

describe("preparedSql", () => {
  it("refuses a second statement under a name already taken", () => {
    expect(preparedSql("test-prepared-twice", TWICE.text)).toEqual(TWICE);
    expect(() => preparedSql("test-prepared-twice", "SELECT 1")).toThrow(/Two prepared statements are named/);
  });
});

describe.each(testDbKinds())("prepared statements on %s", (kind) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(kind);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("answers as the plain statement does, on every connection and inside transactions", async () => {
    // More calls at once than the pool has connections: each connection prepares it once.
    const answers = await Promise.all(Array.from({ length: 25 }, (_, i) => db.sql.query<{ n: number }>(TWICE, [i])));
    expect(answers.map(([row]) => row!.n)).toEqual(Array.from({ length: 25 }, (_, i) => i * 2));
    const inside = await db.sql.transaction((tx) => tx.query<{ n: number }>(TWICE, [21]));
    expect(inside[0]!.n).toBe(42);
  });

  it("reports the database's error for bad parameters and stays usable", async () => {
    await expect(db.sql.query(TWICE, ["not a number"])).rejects.toThrow(/invalid input syntax/);
    expect((await db.sql.query<{ n: number }>(TWICE, [4]))[0]!.n).toBe(8);
  });

  if (kind === "postgres") {
    it("is parsed once per connection: the server holds it by name", async () => {
      const held = await db.sql.session(async (session) => {
        await session.query(TWICE, [1]);
        await session.query(TWICE, [2]);
        return session.query<{ name: string; n: number }>(
          `SELECT name, count(*) OVER ()::int AS n FROM pg_prepared_statements WHERE name = $1`,
          [TWICE.name],
        );
      });
      expect(held).toEqual([{ name: TWICE.name, n: 1 }]);
    });

    it("sends plain statements when told to (BREACHDESK_PG_PREPARED=off, for a pooler that cannot hold them)", async () => {
      const driver = await openDriver({ kind: "postgres", url: db.url!, preparedStatements: false });
      try {
        const held = await driver.session(async (session) => {
          expect((await session.query<{ n: number }>(TWICE, [5]))[0]!.n).toBe(10);
          return session.query(`SELECT name FROM pg_prepared_statements`);
        });
        expect(held).toEqual([]);
      } finally {
        await driver.close();
      }
    });
  }
});
