import type { Db } from "../db";
import { raiseIndexBuildMemForBulk } from "../db/bulk-work-mem";
import type { SqlQueryable } from "../db/driver";
import { RetryAfterFailure, type Sweep } from "../jobs/sweeps";
import { log } from "../log";

// The Exposed accounts table's balance and last-event orders. A large
// incident's triage rows live in a partition of their own, ranked in the
// import's transaction with only the indexes every reader needs (risk order,
// address, account): an index for each of these two orders would add about
// 2 s a million rows to every large import, while the responders wait for
// the list to be ranked. Without one, each page sorts the incident's filtered
// rows (0.4 to 0.9 s a page at a million on PostgreSQL, 1 to 2 s on PGlite).
// So the worker's sweep builds them once the import has committed, each
// partition's own (not the parent's: the default partition, which holds the
// small incidents, needs none, and a partition that replaces this one is
// indexed again by the next sweep). Until then a page sorts, as before.

/** The sort key of each order, on a triage row (`column` qualifies a column, e.g. "t."). */
export const DEFERRED_SORT_KEYS = {
  balance: (column = "") => `coalesce(${column}balance_usd_cents, -1)`,
  last_event: (column = "") => `coalesce(${column}last_event_at, 'epoch'::timestamptz)`,
} as const;

type DeferredSort = keyof typeof DEFERRED_SORT_KEYS;

const SORTS = Object.keys(DEFERRED_SORT_KEYS) as DeferredSort[];

// An index is named after its partition; names longer than PostgreSQL's 63
// bytes would be cut, and two cut names could collide.
function indexName(partition: string, sort: DeferredSort): string {
  const name = `${partition}_${sort}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(name) || name.length > 63) throw new Error(`Bad index name ${name}`);
  return name;
}

// A build that failed otherwise (a bug, a full disk) is tried again after
// ten minutes, by this process; meanwhile the other partitions go ahead.
const retry = new RetryAfterFailure(10 * 60_000);

/** The incidents' own triage partitions that lack an index of one of the orders, oldest first. */
async function partitionsToIndex(sql: SqlQueryable, limit: number): Promise<string[]> {
  // Every large incident's partition with its indexes' names (a few dozen
  // partitions at most); which are missing is decided by indexName alone.
  const rows = await sql.query<{ partition: string; indexes: string[] }>(
    `SELECT c.relname AS partition,
            ARRAY(SELECT ic.relname::text FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid
                   WHERE x.indrelid = c.oid) AS indexes
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'triage_entries'::regclass AND c.relname <> 'triage_entries_default'
      ORDER BY c.oid`,
  );
  return rows
    .filter((r) => SORTS.some((sort) => !r.indexes.includes(indexName(r.partition, sort))))
    .slice(0, limit)
    .map((r) => r.partition);
}

/**
 * Builds the missing order indexes of one partition, in a transaction of its
 * own. false when there was nothing to build, another worker is at it, or the
 * partition is gone (an import replaced it); throws 55P03 when its writers
 * held it too long, and the next sweep looks again.
 */
async function indexPartition(db: Db, partition: string): Promise<boolean> {
  return db.sql.transaction(async (tx) => {
    // One builder per partition across workers; the others skip it.
    const [lock] = await tx.query<{ got: boolean }>(
      `SELECT pg_try_advisory_xact_lock(hashtextextended($1, 11)) AS got`,
      [partition],
    );
    if (!lock?.got) return false;
    // A build holds off the partition's writers (an import re-ranking some
    // of its rows) while it runs, and waits for them only this long first.
    if (tx.kind === "postgres") await tx.exec(`SET LOCAL lock_timeout = '2s'`);
    // What is still missing now that the lock is held (another worker may
    // have built it meanwhile); nothing when the partition is gone.
    const [state] = await tx.query<{ present: boolean; built: string[] }>(
      `SELECT to_regclass($1) IS NOT NULL AS present,
              ARRAY(SELECT relname::text FROM pg_class WHERE relkind = 'i' AND relname = ANY($2::text[])) AS built`,
      [partition, SORTS.map((sort) => indexName(partition, sort))],
    );
    const missing = SORTS.filter((sort) => state?.present && !state.built.includes(indexName(partition, sort)));
    if (missing.length === 0) return false;
    await raiseIndexBuildMemForBulk(tx);
    // The pages' order: key and id, both descending (list-triage-entries.ts).
    for (const sort of missing) {
      await tx.exec(
        `CREATE INDEX ${indexName(partition, sort)} ON ${partition} ((${DEFERRED_SORT_KEYS[sort]()}) DESC, id DESC)`,
      );
    }
    return true;
  });
}

/**
 * Indexes the orders of the incidents' own partitions that lack them, `limit`
 * partitions at most (each a few seconds at a million rows): what the sweep
 * does, and what a benchmark or test calls to have them now. How many were indexed.
 */
export async function indexTriageSortOrders(db: Db, limit = 1, at = new Date()): Promise<number> {
  const due = retry.due(await partitionsToIndex(db.sql, retry.toRead(limit)), (p) => p, at, limit);
  let indexed = 0;
  for (const partition of due) {
    try {
      if (await indexPartition(db, partition)) indexed += 1;
      retry.succeeded(partition);
    } catch (error) {
      // 55P03: the lock timed out, 42P01: the partition went meanwhile; the next sweep looks again.
      const code = (error as { code?: unknown }).code;
      if (code === "55P03" || code === "42P01") continue;
      retry.failed(partition, at);
      log.error("triage.sort_index_failed", error);
    }
  }
  return indexed;
}

/** One partition a run, so that the worker's loop gets back to its batches in between. */
export const triageSweeps: readonly Sweep[] = [
  { name: "triageSortIndexes", run: (db, at) => indexTriageSortOrders(db, 1, at) },
];
