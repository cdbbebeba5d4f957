import { article33Deadline } from "../../../lib/timeline/clock";
import type { MilestoneTimes } from "../../../lib/timeline/durations";
import { obligationStatus } from "../../../lib/timeline/obligation-status";
import type { ObligationView } from "../../../lib/timeline/obligation-view";
import type { Db } from "../../db";

export type { ObligationView };

export const GDPR_ART_33_ID = "gdpr-art-33";

/**
 * The incident's notification obligations at `now`, soonest due first: the
 * GDPR Article 33 notice (always there, due 72 hours after T0 and met by the
 * regulator-notified milestone) and those staff added.
 */
export async function listObligations(
  db: Db,
  incident: { id: string; awareAt: Date },
  milestones: MilestoneTimes,
  now: Date,
): Promise<ObligationView[]> {
  const rows = await db.prisma.notificationObligation.findMany({
    where: { incidentId: incident.id },
    orderBy: [{ dueAt: "asc" }, { createdAt: "asc" }],
    include: { metBy: { select: { name: true } } },
  });
  const gdprDue = article33Deadline(incident.awareAt);
  const gdprMet = milestones.regulator_notified;
  const gdpr: ObligationView = {
    id: GDPR_ART_33_ID,
    builtIn: true,
    title: "Notify the supervisory authority (GDPR Art. 33)",
    authority: "Lead supervisory authority",
    dueAt: gdprDue.toISOString(),
    metByMilestone: "regulator_notified",
    ...obligationStatus({ dueAt: gdprDue, metAt: null, milestoneAt: gdprMet }, now),
    metAt: gdprMet?.toISOString() ?? null,
    metVia: gdprMet ? "milestone" : null,
    metNote: null,
    metBy: null,
    waivedAt: null,
    waivedReason: null,
  };
  const stored = rows.map<ObligationView>((row) => {
    const milestoneAt = row.metByMilestone ? milestones[row.metByMilestone] : null;
    const { status, metAt } = obligationStatus(
      { dueAt: row.dueAt, metAt: row.metAt, milestoneAt, waivedAt: row.waivedAt },
      now,
    );
    const viaMilestone = metAt !== null && milestoneAt !== null && metAt.getTime() === milestoneAt.getTime();
    return {
      id: row.id,
      builtIn: false,
      title: row.title,
      authority: row.authority,
      dueAt: row.dueAt.toISOString(),
      metByMilestone: row.metByMilestone,
      status,
      metAt: metAt?.toISOString() ?? null,
      metVia: metAt ? (viaMilestone ? "milestone" : "marked") : null,
      metNote: viaMilestone ? null : row.metNote,
      metBy: viaMilestone ? null : (row.metBy?.name ?? null),
      waivedAt: status === "waived" ? (row.waivedAt?.toISOString() ?? null) : null,
      waivedReason: status === "waived" ? row.waivedReason : null,
    };
  });
  return [gdpr, ...stored].sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}
