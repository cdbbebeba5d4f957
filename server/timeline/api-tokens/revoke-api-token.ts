import { z } from "zod";
import { recordAudit, type AuditActor } from "../../audit/record-audit";
import type { Db } from "../../db";
import { AppError } from "../../errors";

export const RevokeApiTokenInput = z.object({ tokenId: z.uuid() });

/** Revokes a token at once; its events keep naming it. Audited. */
export async function revokeApiToken(db: Db, input: z.input<typeof RevokeApiTokenInput>, actor: AuditActor) {
  const { tokenId } = RevokeApiTokenInput.parse(input);
  return db.prisma.$transaction(async (tx) => {
    const updated = await tx.apiToken.updateMany({
      where: { id: tokenId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const token = await tx.apiToken.findUnique({ where: { id: tokenId }, select: { name: true, incidentId: true } });
    if (!token) throw new AppError("NOT_FOUND", "No such API token.");
    if (updated.count === 0) throw new AppError("CONFLICT", "That token is already revoked.");
    await recordAudit(tx, {
      actor,
      action: "api_token.revoked",
      incidentId: token.incidentId,
      targetType: "api_token",
      targetId: tokenId,
      detail: { name: token.name },
    });
  });
}
