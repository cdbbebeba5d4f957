import type { Db } from "../db";
import { AppError } from "../errors";

export async function getIncidentBySlugOrThrow(db: Db, slug: string) {
  const incident = await db.prisma.incident.findUnique({ where: { slug }, include: { stats: true } });
  if (!incident) throw new AppError("NOT_FOUND", `No incident with the id "${slug}".`);
  return incident;
}
