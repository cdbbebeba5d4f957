import "server-only";
import type { Role } from "../../lib/auth/permissions";
import type { Db } from "../db";

export type RoleTokenView = {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  incidentSlug: string | null;
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** The API tokens with a role, newest first. */
export async function listRoleTokens(db: Db): Promise<RoleTokenView[]> {
  const rows = await db.prisma.apiToken.findMany({
    where: { role: { not: null } },
    orderBy: { createdAt: "desc" },
    include: { incident: { select: { slug: true } }, createdBy: { select: { name: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role!,
    incidentSlug: row.incident?.slug ?? null,
    createdBy: row.createdBy?.name ?? null,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  }));
}
