import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseTriageQuery, type TriageSort } from "../../lib/triage/filter";
import { openDemoDb, testDbKinds, type TestDb } from "../../test/db";
import { incidentPartition } from "../db/incident-partition";
import { log } from "../log";
import { sweepExpired } from "../workers/work";
import { listTriageEntries, triagePageQuery } from "./list-triage-entries";
import { rebuildTriage } from "./rebuild-triage";
import { indexTriageSortOrders } from "./sort-indexes";

describe.each(testDbKinds())("the balance and last-event orders' indexes on %s", (kind) => {
  let db: TestDb;
  let incident: { id: string; awareAt: Date };
  const viewer = { unmasked: true };
  // Two filters, as a responder narrows the list: matched accounts without 2FA.
  const { filter } = parseTriageQuery({ matched: "yes", twoFactor: "no" }, viewer);

  beforeAll(async () => {
    // The demo incident is large enough to be ranked into a partition of its own.
    ({ db, incident } = await openDemoDb(kind));
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  const ownPartition = async () => (await incidentPartition(db.sql, "triage_entries", incident.id))!;
  const indexesOf = async (table: string) =>
    (
      await db.sql.query<{ name: string }>(
        `SELECT indexrelid::regclass::text AS name FROM pg_index WHERE indrelid = $1::regclass ORDER BY 1`,
        [table],
      )
    ).map((r) => r.name);
  // The first pages of an order, each row as id and sort key.
  const pages = async (sort: TriageSort, count: number) => {
    const rows: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < count; i++) {
      const page = await listTriageEntries(db, incident, filter.data!, { sort, size: 100, after }, viewer);
      rows.push(...page.rows.map((r) => `${r.id}:${r.balanceUsdCents}:${r.lastEventAt?.toISOString()}`));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    return rows;
  };
  // The plan of a page after the first (the keyset condition included).
  const planOf = async (sort: TriageSort) => {
    const first = await listTriageEntries(db, incident, filter.data!, { sort, size: 50 }, viewer);
    const { sql, params } = triagePageQuery(
      incident.id,
      filter.data!,
      { sort, size: 50, after: first.nextCursor! },
      viewer,
    );
    const plan = await db.sql.query<Record<string, unknown>>(`EXPLAIN ${sql}`, params);
    return plan.map((row) => Object.values(row)[0]).join("\n");
  };

  // A partition as a large import leaves it, before any sweep (the seed's
  // own drain has swept the demo incident's).
  const rankedAnew = async () => {
    await db.sql.transaction((tx) => rebuildTriage(tx, incident.id, { kind: "all" }, { strategy: "partition" }));
    return ownPartition();
  };

  it("are built by the worker's sweep after a large import, once, and the pages read them in the same order", async () => {
    const partition = await rankedAnew();
    const before = { balance: await pages("balance", 5), lastEvent: await pages("last_event", 5) };
    expect(before.balance.length).toBe(500);
    expect(await planOf("balance")).not.toContain(`${partition}_balance`);

    expect((await sweepExpired(db, new Date())).triageSortIndexes).toBe(1);
    expect(await indexesOf(partition)).toEqual(
      expect.arrayContaining([`${partition}_balance`, `${partition}_last_event`]),
    );
    // Nothing left to build: the next sweep and a direct call do nothing.
    expect((await sweepExpired(db, new Date())).triageSortIndexes).toBe(0);
    expect(await indexTriageSortOrders(db, 10)).toBe(0);

    expect(await planOf("balance")).toContain(`${partition}_balance`);
    expect(await planOf("last_event")).toContain(`${partition}_last_event`);
    expect(await pages("balance", 5)).toEqual(before.balance);
    expect(await pages("last_event", 5)).toEqual(before.lastEvent);
    // The small incidents' shared partition gets none.
    expect((await indexesOf("triage_entries_default")).filter((n) => /_(balance|last_event)$/.test(n))).toEqual([]);
  });

  it("are built again for the partition that replaces the incident's rows", async () => {
    await indexTriageSortOrders(db);
    const previous = await ownPartition();
    const next = await rankedAnew();
    expect(next).not.toBe(previous);
    // Gone with the table they belonged to.
    const [left] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE $1`, [
      `${previous}%`,
    ]);
    expect(left!.n).toBe(0);
    expect(await planOf("balance")).not.toContain(`${next}_balance`);

    expect(await indexTriageSortOrders(db)).toBe(1);
    expect(await planOf("balance")).toContain(`${next}_balance`);
  });

  it("are built by one of two sweeps that run at once", async () => {
    await rankedAnew();
    const failures = vi.spyOn(log, "error");
    const built = await Promise.all([indexTriageSortOrders(db), indexTriageSortOrders(db)]);
    expect(built.sort()).toEqual([0, 1]);
    expect(failures).not.toHaveBeenCalled();
    failures.mockRestore();
    expect((await indexesOf(await ownPartition())).filter((n) => /_(balance|last_event)$/.test(n))).toHaveLength(2);
  });
});
