import { env } from "../../server/env";
import { seedDemo } from "../../server/seed/seed-demo";
import { withDb, type CommandContext } from "../context";

export async function runDbSeed(ctx: CommandContext) {
  return withDb(ctx, (db) => seedDemo(db, { nodeEnv: env().NODE_ENV, log: ctx.log }));
}
