import { databaseTarget } from "../../server/db";
import { openDriver } from "../../server/db/driver";
import { applyMigrations } from "../../server/db/migrate";
import type { CommandContext } from "../context";

export async function runDbMigrate(ctx: CommandContext) {
  const driver = await openDriver(databaseTarget("breachdesk db migrate"));
  try {
    ctx.log(`Database: ${driver.description}`);
    const report = await applyMigrations(driver);
    ctx.log(report.applied.length ? `Applied: ${report.applied.join(", ")}` : "Schema is up to date.");
    return report;
  } finally {
    await driver.close();
  }
}
