import type { Db } from "../db";

export type IncidentListItem = {
  id: string;
  slug: string;
  title: string;
  status: "open" | "contained" | "closed";
  leakStartedAt: Date;
  awareAt: Date;
  leakedRecipients: number;
  matchedAccounts: number;
  openActions: number;
};

/** Incidents, newest first, with their maintained summary numbers. */
export async function listIncidents(db: Db): Promise<IncidentListItem[]> {
  const incidents = await db.prisma.incident.findMany({
    orderBy: [{ awareAt: "desc" }],
    include: { stats: true },
  });
  return incidents.map((incident) => ({
    id: incident.id,
    slug: incident.slug,
    title: incident.title,
    status: incident.status,
    leakStartedAt: incident.leakStartedAt,
    awareAt: incident.awareAt,
    leakedRecipients: incident.stats?.leakedRecipients ?? 0,
    matchedAccounts: incident.stats?.matchedAccounts ?? 0,
    openActions: incident.stats?.openActions ?? 0,
  }));
}
