import "server-only";
import type { Db } from ".";

/** Whether the database answers (the health check): throws if it does not. */
export async function checkDatabase(db: Db): Promise<{ kind: Db["sql"]["kind"] }> {
  await db.sql.query("SELECT 1");
  return { kind: db.sql.kind };
}
