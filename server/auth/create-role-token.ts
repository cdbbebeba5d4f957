import "server-only";
import { z } from "zod";
import { ROLE_PERMISSIONS, ROLES, type Role } from "../../lib/auth/permissions";
import { storableText } from "../../lib/validation/storable";
import { recordAudit } from "../audit/record-audit";
import type { Db } from "../db";
import { AppError } from "../errors";
import { generateApiToken } from "../timeline/api-tokens/token-secret";

export const CreateRoleTokenInput = z.object({
  name: storableText().trim().min(3, "Name the token after the system or person that will use it.").max(100),
  role: z.enum(ROLES),
  /** The incident's slug; null or empty: every incident. */
  incident: z
    .string()
    .trim()
    .max(100)
    .nullish()
    .transform((slug) => slug || null),
  expiresInDays: z.coerce.number().int().min(1, "At least a day.").max(365, "At most a year."),
});
export type CreateRoleTokenInput = z.input<typeof CreateRoleTokenInput>;

/** Whether every permission of `role` is also `creator`'s. */
function roleWithin(role: Role, creator: Role): boolean {
  return ROLE_PERMISSIONS[role].every((permission) => ROLE_PERMISSIONS[creator].includes(permission));
}

/**
 * An API token that acts with a role on the whole API (or one incident's
 * part of it), on behalf of its creator, until it expires or is revoked. The
 * role is never more than the creator's. The secret is returned this once;
 * only its SHA-256 is stored. Audited.
 */
export async function createRoleToken(
  db: Db,
  rawInput: CreateRoleTokenInput,
  creator: { id: string; email: string; role: Role },
  options: { now?: Date } = {},
) {
  const input = CreateRoleTokenInput.parse(rawInput);
  if (!roleWithin(input.role, creator.role))
    throw new AppError("FORBIDDEN", "A token's role cannot be more than your own.", {
      role: "more than your own role",
    });
  let incidentId: string | null = null;
  if (input.incident) {
    const incident = await db.prisma.incident.findUnique({ where: { slug: input.incident }, select: { id: true } });
    if (!incident)
      throw new AppError("NOT_FOUND", `No incident "${input.incident}".`, { incident: "no such incident" });
    incidentId = incident.id;
  }
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + input.expiresInDays * 86_400_000);
  const secret = generateApiToken();
  const record = await db.prisma.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        name: input.name,
        tokenHash: secret.hash,
        prefix: secret.prefix,
        scopes: [],
        role: input.role,
        incidentId,
        expiresAt,
        createdById: creator.id,
      },
    });
    await recordAudit(tx, {
      actor: { id: creator.id, email: creator.email },
      action: "api_token.created",
      incidentId,
      targetType: "api_token",
      targetId: created.id,
      detail: { name: input.name, role: input.role, prefix: secret.prefix, expiresAt: expiresAt.toISOString() },
    });
    return created;
  });
  return { token: secret.token, id: record.id, prefix: secret.prefix, role: input.role, incidentId, expiresAt };
}
