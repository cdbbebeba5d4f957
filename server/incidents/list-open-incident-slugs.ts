import type { Db } from "../db";

export async function listOpenIncidentSlugs(db: Db): Promise<string[]> {
  const rows = await db.prisma.incident.findMany({
    where: { status: { not: "closed" } },
    select: { slug: true },
    take: 2,
  });
  return rows.map((row) => row.slug);
}
