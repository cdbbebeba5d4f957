import type { Db } from "../db";

export type ImportRejectRow = { line: number; reason: string; raw: string };

/** An import's rejected rows in file order, a page at a time (keyset on line, id). */
async function listImportRejects(
  db: Db,
  importId: string,
  options: { after?: { line: number; id: number }; limit: number },
): Promise<(ImportRejectRow & { id: number })[]> {
  return db.sql.query<ImportRejectRow & { id: number }>(
    `SELECT id, line, reason, raw FROM import_rejects
      WHERE import_id = $1 AND (line, id) > ($2, $3)
      ORDER BY line, id LIMIT $4`,
    [importId, options.after?.line ?? -1, options.after?.id ?? 0, options.limit],
  );
}

/** Streams every reject of an import, for `--rejects` and the CSV download. */
export async function* iterateImportRejects(db: Db, importId: string): AsyncGenerator<ImportRejectRow> {
  let after: { line: number; id: number } | undefined;
  for (;;) {
    const page = await listImportRejects(db, importId, { after, limit: 5_000 });
    if (page.length === 0) return;
    for (const row of page) yield row;
    const last = page[page.length - 1]!;
    after = { line: last.line, id: last.id };
  }
}
