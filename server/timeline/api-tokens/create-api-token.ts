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
});
export type CreateApiTokenInput = z.input<typeof CreateApiTokenInput>;

/** Creates a token. The secret is returned this once and never stored. Audited. */
export async function createApiToken(db: Db, input: CreateApiTokenInput, actor: AuditActor) {
  const data = CreateApiTokenInput.parse(input);
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
        createdById: actor?.id ?? null,
      },
    });
    await recordAudit(tx, {
      actor,
      action: "api_token.created",
      incidentId: data.incidentId ?? null,
      targetType: "api_token",
      targetId: created.id,
      detail: { name: data.name, scopes: created.scopes, prefix: secret.prefix },
    });
    return created;
  });
  return { token: secret.token, record };
}
