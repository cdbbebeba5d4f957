import { PGlite } from "@electric-sql/pglite";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPg } from "@prisma/adapter-pg";
import { once } from "node:events";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { acquirePgliteLock } from "./pglite-lock";

/**
 * A read every page makes, with fixed text: PostgreSQL parses and plans it
 * once per connection (a named prepared statement) instead of on every call,
 * about a quarter of a millisecond of the database's time each
 * (docs/benchmarks.md, pages under load). Names are unique; the text never varies (no
 * interpolated identifiers), or one connection would hold a statement per
 * variant.
 */
export type PreparedSql = { readonly name: string; readonly text: string };

const preparedNames = new Map<string, string>();

export function preparedSql(name: string, text: string): PreparedSql {
  const known = preparedNames.get(name);
  if (known !== undefined && known !== text) throw new Error(`Two prepared statements are named ${name}`);
  preparedNames.set(name, text);
  return Object.freeze({ name, text });
}

/** The smallest SQL surface the data layer needs beside Prisma. */
export interface SqlQueryable {
  readonly kind: "pglite" | "postgres";
  query<T = Record<string, unknown>>(sql: string | PreparedSql, params?: unknown[]): Promise<T[]>;
  /** Runs one statement and returns how many rows it inserted, updated or deleted. */
  run(sql: string, params?: unknown[]): Promise<number>;
  /** Runs one or more statements without parameters. */
  exec(sql: string): Promise<void>;
}

/** Writes rows into one COPY; `end` finishes it and returns the row count. */
export interface CopyWriter {
  /** CSV text, or its UTF-8 bytes (see lib/csv/pg-copy-row.ts). */
  write(csv: string | Uint8Array<ArrayBuffer>): Promise<void>;
  end(): Promise<void>;
}

/**
 * One database connection held for a unit of work: temporary tables live as
 * long as it does, and bulk loads stream through COPY.
 */
export interface SqlSession extends SqlQueryable {
  /** COPY into `table (columns)` from CSV text (see lib/csv/pg-copy-row.ts). */
  copyFrom(table: string, columns: readonly string[]): Promise<CopyWriter>;
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
}

export interface SqlDriver extends SqlQueryable {
  /** A human-readable description, for logs and the CLI. */
  readonly description: string;
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  session<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  prismaAdapter(): SqlDriverAdapterFactory;
  /** Whether a call (this driver's or Prisma's) is waiting for a connection or, on PGlite, using the one there is. */
  waiting(): boolean;
  close(): Promise<void>;
}

export type DatabaseTarget =
  // preparedStatements: whether preparedSql statements are named (default) or sent as plain ones.
  // migrationUrl: the owner role's URL, which migrates and grants `url`'s role what it needs.
  | { kind: "postgres"; url: string; preparedStatements?: boolean; migrationUrl?: string }
  // sharedBuffersMb: PGlite's buffer cache (shared_buffers); unset, PGlite's default (128 MB).
  // template: a data folder dumped by PGlite (dumpDataDir) that a new database starts as, instead
  // of running initdb; the tests start each database from a migrated one.
  | { kind: "pglite"; dataDir: string | null; owner: string; sharedBuffersMb?: number; template?: Blob };

export async function openDriver(target: DatabaseTarget): Promise<SqlDriver> {
  return target.kind === "postgres"
    ? openPostgres(target.url, target.preparedStatements ?? true)
    : openPglite(target);
}

async function openPglite({
  dataDir,
  owner,
  sharedBuffersMb,
  template,
}: Extract<DatabaseTarget, { kind: "pglite" }>): Promise<SqlDriver> {
  const release = dataDir ? acquirePgliteLock(dataDir, owner) : () => undefined;
  let client: PGlite;
  try {
    // A million-account bulk action touches more than PGlite's default 128 MB
    // of pages (accounts, their remediation rows, the work items, the audit
    // log); each page read past the cache goes through the file system in
    // JavaScript. 512 MB made a first run's bulk reset a third faster.
    //
    // A new WAL segment is not filled with zeros first (wal_init_zero): that
    // doubled what a bulk action wrote to the WAL, and reserving the space
    // buys nothing where nothing is fsynced (PGlite runs with fsync off).
    const startParams = [
      ...PGlite.defaultStartParams,
      "-c",
      "wal_init_zero=off",
      ...(sharedBuffersMb ? ["-c", `shared_buffers=${sharedBuffersMb}MB`] : []),
    ];
    const options = { startParams, loadDataDir: template };
    client = dataDir ? await PGlite.create(dataDir, options) : await PGlite.create(options);
  } catch (error) {
    release();
    throw error;
  }
  // Calls waiting for or using the one connection, Prisma's included: the
  // worker loop leaves a gap after its unit only when there are any.
  let inUse = 0;
  const counted = <T>(work: () => Promise<T>): Promise<T> => {
    inUse += 1;
    return work().finally(() => {
      inUse -= 1;
    });
  };
  const countedClient = new Proxy(client, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      const method = value as (...args: unknown[]) => unknown;
      if (prop === "query" || prop === "exec" || prop === "transaction")
        return (...args: unknown[]) => counted(() => method.apply(target, args) as Promise<unknown>);
      return method.bind(target);
    },
  });
  const queryable = (q: Pick<PGlite, "query" | "exec">): SqlQueryable => ({
    kind: "pglite",
    async query<T>(sql: string | PreparedSql, params: unknown[] = []) {
      // PGlite runs in this process: there is no round trip or parse to save.
      const result = await q.query<T>(typeof sql === "string" ? sql : sql.text, params);
      return result.rows;
    },
    async run(sql: string, params: unknown[] = []) {
      return (await q.query(sql, params)).affectedRows ?? 0;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  return {
    description: dataDir ? `PGlite (${dataDir})` : "PGlite (in memory)",
    ...queryable(countedClient),
    transaction: (fn) => countedClient.transaction((tx) => fn(queryable(tx))),
    session: (fn) =>
      fn({
        ...queryable(countedClient),
        transaction: (inner) => countedClient.transaction((tx) => inner(queryable(tx))),
        async copyFrom(table, columns) {
          // PGlite has no COPY FROM STDIN: each chunk goes in as a blob. The
          // caller sends sizeable chunks, so the per-statement cost is small.
          const sql = `COPY ${table} (${columns.join(", ")}) FROM '/dev/blob' WITH (FORMAT csv)`;
          return {
            async write(csv) {
              if (csv.length > 0) await client.query(sql, [], { blob: new Blob([csv]) });
            },
            async end() {},
          };
        },
      }),
    prismaAdapter: () => new PrismaPGlite(countedClient),
    waiting: () => inUse > 0,
    async close() {
      await client.close();
      release();
    },
  };
}

// int8 and numeric arrive as strings by default; counts in this app fit in a
// JS number and balances are cents, so parse int8 as number where safe.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
});

function pgQueryable(q: pg.Pool | pg.PoolClient, prepared: boolean): SqlQueryable {
  return {
    kind: "postgres",
    async query<T>(sql: string | PreparedSql, params: unknown[] = []) {
      if (typeof sql === "string") return (await q.query(sql, params)).rows as T[];
      if (!prepared) return (await q.query(sql.text, params)).rows as T[];
      return (await q.query({ name: sql.name, text: sql.text, values: params })).rows as T[];
    },
    async run(sql: string, params: unknown[] = []) {
      return (await q.query(sql, params)).rowCount ?? 0;
    },
    async exec(sql: string) {
      await q.query(sql);
    },
  };
}

async function openPostgres(url: string, prepared: boolean): Promise<SqlDriver> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // Fail at open, with the server's own message, rather than at first use.
  const probe = await pool.connect();
  probe.release();
  const safeUrl = url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
  return {
    description: `PostgreSQL (${safeUrl})`,
    ...pgQueryable(pool, prepared),
    async transaction(fn) {
      const conn = await pool.connect();
      try {
        await conn.query("BEGIN");
        const result = await fn(pgQueryable(conn, prepared));
        await conn.query("COMMIT");
        return result;
      } catch (error) {
        await conn.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        conn.release();
      }
    },
    async session(fn) {
      const conn = await pool.connect();
      const onConn = pgQueryable(conn, prepared);
      try {
        return await fn({
          ...onConn,
          async transaction(inner) {
            await conn.query("BEGIN");
            try {
              const result = await inner(onConn);
              await conn.query("COMMIT");
              return result;
            } catch (error) {
              await conn.query("ROLLBACK").catch(() => undefined);
              throw error;
            }
          },
          async copyFrom(table, columns) {
            const stream = conn.query(copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN WITH (FORMAT csv)`));
            const finished = new Promise<void>((resolve, reject) => {
              stream.on("finish", resolve);
              stream.on("error", reject);
            });
            finished.catch(() => undefined); // observed through write/end
            // Surface a server-side error (bad row) at the next write.
            let failure: unknown;
            stream.on("error", (error) => (failure = error));
            // One chunk in flight: the caller encodes the next while the server
            // reads this one, and waits only if the server has not caught up.
            let draining: Promise<unknown> | undefined;
            return {
              async write(csv) {
                if (draining) await draining;
                draining = undefined;
                if (failure) throw failure;
                if (!stream.write(csv)) draining = once(stream, "drain").catch(() => undefined);
              },
              async end() {
                if (draining) await draining;
                stream.end();
                await finished;
              },
            };
          },
        });
      } finally {
        // A connection left mid-COPY or with temp tables is not reused.
        conn.release(true);
      }
    },
    prismaAdapter: () => new PrismaPg(pool),
    waiting: () => pool.waitingCount > 0,
    async close() {
      await pool.end();
    },
  };
}
