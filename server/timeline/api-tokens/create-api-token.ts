import { z } from "zod";
import { storableText } from "../../../lib/validation/storable";
import { recordAudit, type AuditActor } from "../../audit/record-audit";
import type { Db } from "../../db";
import { AppError } from "../../errors";
import { API_TOKEN_SCOPES } from "./scopes";
import { generateApiToken } from "./token-secret";

export const CreateApiTokenInput = z.object({
  name: storableText().trim().min(3, "Name the token after the system that will use it.").max(100),
  // Null: the token works for every incident.
  incidentId: z.uuid().nullish(),
  scopes: z.array(z.enum(API_TOKEN_SCOPES)).min(1).default(["timeline.write"]),
  // Like a role token, it always expires: 90 days unless asked otherwise (the form's default too).
  expiresInDays: z.coerce.number().int().min(1, "At least a day.").max(365, "At most a year.").default(90),
});
export type CreateApiTokenInput = z.input<typeof CreateApiTokenInput>;

/**
 * Creates a timeline-only token, which expires after `expiresInDays`. The
 * secret is returned this once and never stored. Audited.
 */
export async function createApiToken(
  db: Db,
  input: CreateApiTokenInput,
  actor: AuditActor,
  options: { now?: Date } = {},
) {
  const data = CreateApiTokenInput.parse(input);
  if (data.scopes.includes("timeline.milestones") && !data.scopes.includes("timeline.write"))
    throw new AppError("VALIDATION", "A token that sets milestones must also post events.", {
      scopes: "timeline.milestones needs timeline.write",
    });
  const expiresAt = new Date((options.now ?? new Date()).getTime() + data.expiresInDays * 86_400_000);
  if (data.incidentId) {
    const incident = await db.prisma.incident.findUnique({ where: { id: data.incidentId }, select: { id: true } });
    if (!incident) throw new AppError("NOT_FOUND", "No such incident.");
  }
  const secret = generateApiToken();
  const record = await db.prisma.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        name: data.name,
        tokenHash: secret.hash,
        prefix: secret.prefix,
        scopes: [...new Set(data.scopes)],
        incidentId: data.incidentId ?? null,
        expiresAt,
        createdById: actor?.id ?? null,
      },
    });
    await recordAudit(tx, {
      actor,
      action: "api_token.created",
      incidentId: data.incidentId ?? null,
      targetType: "api_token",
      targetId: created.id,
      detail: { name: data.name, scopes: created.scopes, prefix: secret.prefix, expiresAt: expiresAt.toISOString() },
    });
    return created;
  });
  return { token: secret.token, record };
}
