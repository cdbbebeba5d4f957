import { randomBytes } from "node:crypto";
import { copyRow, type CopyValue } from "../../lib/csv/pg-copy-row";
import type { Rejected } from "../../lib/imports/types";
import type { CopyWriter, SqlSession } from "../db/driver";
import type { ImportProgress } from "./import-job";

const CHUNK_ROWS = 20_000;

/**
 * A session-scoped temporary table fed through COPY: where an import's rows
 * wait, checked, until they are applied in one transaction. It vanishes with
 * the session's connection, so an interrupted import leaves nothing behind.
 */
export class StageTable {
  private writer: CopyWriter | undefined;
  private buffer = "";
  private buffered = 0;

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
    let text = "";
    for (const row of rows) text += copyRow(row);
    return this.addEncoded(text, rows.length);
  }

  /** Rows already encoded for COPY (see lib/csv/pg-copy-row.ts), for callers with a faster encoder. */
  async addEncoded(text: string, rowCount: number): Promise<void> {
    this.buffer += text;
    this.buffered += rowCount;
    if (this.buffered >= CHUNK_ROWS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.buffer) return;
    const text = this.buffer;
    this.buffer = "";
    this.buffered = 0;
    await this.writer!.write(text);
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
