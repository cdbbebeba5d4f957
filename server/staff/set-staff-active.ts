import { z } from "zod";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import type { Db } from "../db";
import { AppError } from "../errors";
import { listStaffApiTokens } from "./staff-api-tokens";

export const SetStaffActiveInput = z.object({
  userId: z.uuid("Unknown staff user."),
  active: z.boolean(),
});
export type SetStaffActiveInput = z.infer<typeof SetStaffActiveInput>;

/**
 * Deactivates or reactivates a staff user. Deactivation also ends their
 * sessions at once (session version bump) and revokes every API token they
 * made (each audited): reactivating someone gives them back their sign-in,
 * never their old tokens. The last active admin stays, and nobody
 * deactivates themselves (it would end their own session mid-task; another
 * admin can).
 */
export async function setStaffActive(db: Db, input: SetStaffActiveInput, actor: AuditActor) {
  const { userId, active } = SetStaffActiveInput.parse(input);
  if (!active && actor?.id === userId) {
    throw new AppError("CONFLICT", "You cannot deactivate yourself: another admin can.");
  }
  return db.prisma.$transaction(async (tx) => {
    const user = await tx.staffUser.findUnique({ where: { id: userId } });
    if (!user) throw new AppError("NOT_FOUND", "That staff user does not exist.");
    if (user.active === active) return { changed: false, user, revokedApiTokens: 0 };
    if (!active && user.role === "admin") {
      const admins = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM staff_users WHERE role = 'admin' AND active FOR UPDATE`;
      if (admins.length <= 1) {
        throw new AppError("CONFLICT", "This is the last active admin: make another admin first.");
      }
    }
    const updated = await tx.staffUser.update({
      where: { id: userId },
      data: { active, ...(active ? {} : { sessionVersion: { increment: 1 } }) },
    });
    // Every unrevoked token, expired ones too: none may come back to life.
    const tokens = active ? [] : await listStaffApiTokens(tx, userId, { expiredToo: true });
    if (tokens.length > 0) {
      await tx.apiToken.updateMany({
        where: { id: { in: tokens.map((token) => token.id) }, revokedAt: null },
        data: { revokedAt: new Date() },
      });
    }
    await recordAudit(tx, {
      actor,
      action: active ? "staff.reactivated" : "staff.deactivated",
      targetType: "staff_user",
      targetId: userId,
      detail: { email: user.email, ...(active ? {} : { revokedApiTokens: tokens.length }) },
    });
    for (const token of tokens) {
      await recordAudit(tx, {
        actor,
        action: "api_token.revoked",
        incidentId: token.incidentId,
        targetType: "api_token",
        targetId: token.id,
        detail: { name: token.name, reason: "creator_deactivated", creator: user.email },
      });
    }
    return { changed: true, user: updated, revokedApiTokens: tokens.length };
  });
}
