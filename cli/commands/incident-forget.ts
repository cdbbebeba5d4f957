import { AppError } from "../../server/errors";
import { startForgetRun } from "../../server/forget/start-forget-run";
import { withDb, type CommandContext } from "../context";

/**
 * `breachdesk incident forget <slug> --step pseudonymise|erase`: starts that
 * step now rather than at its date (a closed incident only). A worker does
 * the work (`breachdesk worker`, or `--drain`), resumable and exactly once.
 */
export async function runIncidentForget(
  ctx: CommandContext,
  values: Record<string, string | boolean | undefined>,
  positionals: string[],
) {
  const slug = positionals[0];
  if (!slug) throw new AppError("VALIDATION", "Name the incident:", { slug: "the incident's slug" });
  if (typeof values.step !== "string") {
    throw new AppError("VALIDATION", "Name the step:", { step: "pseudonymise or erase" });
  }
  const step = values.step;
  return withDb(ctx, async (db) => {
    const run = await startForgetRun(db, { slug, step }, null);
    ctx.log(
      run.created ? `Started: ${step} of incident ${slug} (run ${run.runId}).` : `Already started: run ${run.runId}.`,
    );
    return run;
  });
}
