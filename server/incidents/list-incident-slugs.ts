import "server-only";
import type { Db } from "../db";

/** Every incident's id and slug, newest first (the API-token and destination forms' incident lists). */
export async function listIncidentSlugs(db: Db): Promise<{ id: string; slug: string }[]> {
  return db.prisma.incident.findMany({ select: { id: true, slug: true }, orderBy: { createdAt: "desc" } });
}
