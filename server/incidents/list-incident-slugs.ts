import "server-only";
import type { Db } from "../db";

/** Every incident's slug, newest first (the API-token form's incident list). */
export async function listIncidentSlugs(db: Db): Promise<{ slug: string }[]> {
  return db.prisma.incident.findMany({ select: { slug: true }, orderBy: { createdAt: "desc" } });
}
