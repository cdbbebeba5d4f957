import { z } from "zod";
import { appendAuditEntries, type AuditActor } from "../audit/record-audit";
import type { Db } from "../db";
import { AppError } from "../errors";

const ForgetStepInput = z.enum(["pseudonymise", "erase"], {
  error: "The step is pseudonymise or erase.",
});

/**
 * Starts a step of forgetting now instead of at its date (the CLI, tests):
 * only on a closed incident, erasure only once pseudonymisation finished.
 * Once per incident and step: a second start finds the first run. The
 * incident's row is locked as the sweep locks it.
 */
export async function startForgetRun(
  db: Db,
  input: { slug: string; step: string },
  actor: AuditActor,
): Promise<{ runId: string; incidentId: string; created: boolean }> {
  const step = ForgetStepInput.parse(input.step);
  return db.sql.transaction(async (tx) => {
    const [incident] = await tx.query<{ id: string; status: string; pseudonymised_at: Date | null }>(
      `SELECT id::text, status::text, pseudonymised_at FROM incidents WHERE slug = $1 FOR UPDATE`,
      [input.slug],
    );
    if (!incident) throw new AppError("NOT_FOUND", `No incident ${input.slug}.`);
    if (incident.status !== "closed") {
      throw new AppError(
        "CONFLICT",
        `Incident ${input.slug} is not closed: only a closed incident's personal data is forgotten.`,
      );
    }
    if (step === "erase" && !incident.pseudonymised_at) {
      throw new AppError(
        "CONFLICT",
        `Incident ${input.slug} is not pseudonymised yet: erasure comes after pseudonymisation.`,
      );
    }
    const [created] = await tx.query<{ id: string }>(
      `INSERT INTO incident_forget_runs (id, incident_id, step) VALUES (gen_random_uuid(), $1::uuid, $2::"ForgetStep")
       ON CONFLICT (incident_id, step) DO NOTHING RETURNING id::text`,
      [incident.id, step],
    );
    if (!created) {
      const [existing] = await tx.query<{ id: string }>(
        `SELECT id::text FROM incident_forget_runs WHERE incident_id = $1::uuid AND step = $2::"ForgetStep"`,
        [incident.id, step],
      );
      return { runId: existing!.id, incidentId: incident.id, created: false };
    }
    await appendAuditEntries(tx, [
      {
        actor,
        action: "incident.forget_started",
        incidentId: incident.id,
        targetType: "incident_forget_run",
        targetId: created.id,
        detail: { step },
      },
    ]);
    return { runId: created.id, incidentId: incident.id, created: true };
  });
}
