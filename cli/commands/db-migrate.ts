import { migrateDatabase } from "../../server/boot";
import { databaseTarget } from "../../server/db";
import { openDriver } from "../../server/db/driver";
import type { CommandContext } from "../context";

export async function runDbMigrate(ctx: CommandContext) {
  const target = databaseTarget("breachdesk db migrate");
  const driver = await openDriver(target);
  try {
    ctx.log(`Database: ${driver.description}`);
    if (target.kind === "postgres" && target.migrationUrl)
      ctx.log("Migrating as the owner role (BREACHDESK_MIGRATION_DATABASE_URL).");
    const report = await migrateDatabase(target, driver);
    ctx.log(report.applied.length ? `Applied: ${report.applied.join(", ")}` : "Schema is up to date.");
    return report;
  } finally {
    await driver.close();
  }
}
