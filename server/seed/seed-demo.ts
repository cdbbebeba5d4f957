import type { Db } from "../db";
import { seedDemoIncident } from "./demo-incident";
import { seedDemoNotices } from "./demo-notices";
import { seedDemoRemediation } from "./demo-remediation";
import { seedDemoStaff } from "./demo-staff";

export type SeedDemoResult = {
  staffCreated: number;
  incidentCreated: boolean;
  /** Customer accounts inserted by this run (0 on a re-run). */
  accounts: number;
  /** Leaked recipients inserted by this run (0 on a re-run). */
  recipients: number;
  ms: number;
};

/**
 * Seeds the demo staff users and the demo incident. Safe to run again: what
 * already exists is left alone. Refused when NODE_ENV=production, before
 * anything is written.
 */
export async function seedDemo(
  db: Db,
  options: { nodeEnv: string | undefined; log?: (message: string) => void; now?: Date },
): Promise<SeedDemoResult> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const staff = await seedDemoStaff(db, { nodeEnv: options.nodeEnv });
  log(
    staff.created.length > 0
      ? `Demo staff created: ${staff.created.join(", ")}.`
      : "Demo staff users already exist; left as they are.",
  );
  const incident = await seedDemoIncident(db, { log, ...(options.now ? { now: options.now } : {}) });
  const demo = await db.prisma.incident.findUniqueOrThrow({ where: { id: incident.incidentId }, select: { id: true, awareAt: true } });
  await seedDemoRemediation(db, demo, log);
  await seedDemoNotices(db, demo, log);
  const ms = Math.round(performance.now() - started);
  log(`Demo seed finished in ${(ms / 1000).toFixed(1)} s.`);
  return {
    staffCreated: staff.created.length,
    incidentCreated: incident.created,
    accounts: incident.accounts,
    recipients: incident.recipients,
    ms,
  };
}
