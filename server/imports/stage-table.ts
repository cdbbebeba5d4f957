import { randomBytes } from "node:crypto";
import { CopyRowBuffer, type CopyValue } from "../../lib/csv/pg-copy-row";
import type { Rejected } from "../../lib/imports/types";
import type { CopyWriter, SqlSession } from "../db/driver";
import type { ImportProgress } from "./import-job";

// About 20,000 recipient rows: large enough that PGlite's per-COPY cost and
// PostgreSQL's round trips vanish, small enough to keep memory flat.
const CHUNK_BYTES = 1 << 20;

/**
 * A session-scoped temporary table fed through COPY: where an import's rows
 * wait, checked, until they are applied in one transaction. The import drops
 * it when done (`drop`), applied or failed: PGlite's one connection outlives
 * every import, so its temporary tables would otherwise hold each import's
 * rows until the process exits. An interrupted import's table vanishes with
 * the connection.
 */
export class StageTable {
  private writer: CopyWriter | undefined;
  /** Whether the COPY is open: until `close`, or an import that failed while staging. */
  private copying = false;
  /** Where callers with a faster encoder than `add` write their rows; then call `added`. */
  readonly encoded = new CopyRowBuffer(2 * CHUNK_BYTES);

  private constructor(
    private readonly session: SqlSession,
    readonly table: string,
  ) {}

  static async create(session: SqlSession, prefix: string, columns: readonly [string, string][]): Promise<StageTable> {
    const table = `${prefix}_${randomBytes(4).toString("hex")}`;
    await session.exec(
      `CREATE TEMPORARY TABLE ${table} (${columns.map(([name, type]) => `${name} ${type}`).join(", ")})`,
    );
    const stage = new StageTable(session, table);
    try {
      stage.writer = await session.copyFrom(
        table,
        columns.map(([name]) => name),
      );
    } catch (error) {
      await stage.drop();
      throw error;
    }
    stage.copying = true;
    return stage;
  }

  async add(rows: readonly (readonly CopyValue[])[]): Promise<void> {
    for (const row of rows) this.encoded.row(row);
    return this.added();
  }

  /** Sends what `encoded` holds once there is a chunk's worth. */
  async added(): Promise<void> {
    if (this.encoded.length >= CHUNK_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.encoded.length === 0) return;
    await this.writer!.write(this.encoded.take());
  }

  async close(indexColumns: readonly string[] = []): Promise<void> {
    await this.flush();
    await this.endCopy();
    for (const column of indexColumns) await this.session.exec(`CREATE INDEX ON ${this.table} (${column})`);
    await this.session.exec(`ANALYZE ${this.table}`);
  }

  private async endCopy(): Promise<void> {
    await this.writer!.end();
    this.copying = false;
  }

  /**
   * Drops the table; for a `finally` once the import is done with it. Called
   * on the session, never inside the apply's transaction: by then that has
   * committed or rolled back, so the DROP does not land in a failed
   * transaction or get rolled back with one.
   *
   * Never throws: the import's outcome is decided by then, and an error here
   * must not replace it (a failure after the commit would report an applied
   * import as failed). A table it cannot drop goes with its connection
   * (on PGlite, when the process exits).
   */
  async drop(): Promise<void> {
    try {
      // An import that failed while staging left its COPY open, and on
      // PostgreSQL the connection takes no other statement until it ends.
      // Ending it stores the rows sent so far, about to be dropped; a COPY the
      // server refused cannot end, and the driver then discards the
      // connection, temporary tables and all.
      if (this.copying) await this.endCopy();
      await this.session.exec(`DROP TABLE IF EXISTS ${this.table}`);
    } catch {
      // Left to the connection's end (see above).
    }
  }
}

/** What every parser yields: checked rows, rejects, skipped blank lines, how far it has read. */
export type ParsedBatch<T> = { rows: T[]; rejects: Rejected[]; blankLines: number; bytesRead: number };

/** Feeds a parser's batches to a stage, reporting progress; returns how many valid rows were staged. */
export async function stageBatches<B extends ParsedBatch<unknown>>(
  batches: AsyncIterable<B>,
  add: (rows: B["rows"], batch: B) => Promise<void>,
  progress: ImportProgress,
): Promise<number> {
  let valid = 0;
  for await (const batch of batches) {
    await add(batch.rows, batch);
    valid += batch.rows.length;
    await progress.batch({
      rows: batch.rows.length,
      rejects: batch.rejects,
      blankLines: batch.blankLines,
      bytesRead: batch.bytesRead,
    });
  }
  return valid;
}
