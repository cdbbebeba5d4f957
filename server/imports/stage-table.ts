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
 * wait, checked, until they are applied in one transaction. It vanishes with
 * the session's connection, so an interrupted import leaves nothing behind.
 */
export class StageTable {
  private writer: CopyWriter | undefined;
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
    stage.writer = await session.copyFrom(
      table,
      columns.map(([name]) => name),
    );
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
    await this.writer!.end();
    for (const column of indexColumns) await this.session.exec(`CREATE INDEX ON ${this.table} (${column})`);
    await this.session.exec(`ANALYZE ${this.table}`);
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
