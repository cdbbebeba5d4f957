import type pg from "pg";

/**
 * Until `n` sessions of the client's database wait for a lock, or `done()`:
 * asked again as soon as answered, no timer. For PostgreSQL tests that hold a
 * lock on one connection and watch another writer reach it.
 */
export async function untilWaiting(observer: pg.Client, n: number, done: () => boolean = () => false): Promise<void> {
  while (!done()) {
    // Inside a transaction pg_stat_activity is read once and kept: read it afresh.
    await observer.query("SELECT pg_stat_clear_snapshot()");
    const { rows } = await observer.query<{ n: number }>(
      `SELECT count(DISTINCT l.pid)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE NOT l.granted AND a.datname = current_database()`,
    );
    if (rows[0]!.n >= n) return;
  }
}
