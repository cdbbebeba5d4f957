import type { Db } from "../../db";

export type ApiTokenView = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  incidentSlug: string | null;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  expiresAt: string;
};

/** Tokens that can post to this incident (its own and the all-incident ones), newest first. */
export async function listApiTokens(db: Db, incidentId: string): Promise<ApiTokenView[]> {
  const rows = await db.prisma.apiToken.findMany({
    where: { OR: [{ incidentId }, { incidentId: null }] },
    orderBy: { createdAt: "desc" },
    include: { incident: { select: { slug: true } }, createdBy: { select: { name: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    incidentSlug: row.incident?.slug ?? null,
    createdBy: row.createdBy?.name ?? null,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt.toISOString(),
  }));
}
