import { AppError } from "../../server/errors";
import { createIncident, CreateIncidentInput } from "../../server/incidents/create-incident";
import { withDb, type CommandContext } from "../context";

const FLAG: Record<string, string> = { awareAt: "t0", leakStartedAt: "leak-started" };

export async function runIncidentCreate(ctx: CommandContext, values: Record<string, string | boolean | undefined>) {
  const parsed = CreateIncidentInput.safeParse({
    slug: values.slug,
    title: values.title,
    awareAt: values.t0,
    leakStartedAt: values["leak-started"],
  });
  if (!parsed.success) {
    const fields = Object.fromEntries(
      parsed.error.issues.map((i) => [FLAG[String(i.path[0])] ?? String(i.path[0]), i.message]),
    );
    throw new AppError("VALIDATION", "Cannot create the incident:", fields);
  }
  return withDb(ctx, async (db) => {
    const incident = await createIncident(db, parsed.data, null);
    ctx.log(`Created incident ${incident.slug}.`);
    return { created: true, id: incident.id, slug: incident.slug };
  });
}
