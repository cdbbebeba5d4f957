import { z } from "zod";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import type { Db } from "../db";
import { AppError, prismaErrorCode } from "../errors";

export const RevokeStaffSessionsInput = z.object({ userId: z.uuid("Unknown staff user.") });
export type RevokeStaffSessionsInput = z.infer<typeof RevokeStaffSessionsInput>;

export type SessionRevocationReason = "signed_out" | "signed_out_everywhere" | "password_changed" | "deactivated";

/**
 * Ends every session of a staff user at once: the session version goes up, and
 * each request checks the cookie's version against it (server/auth/session.ts,
 * server/auth/refresh-session-token.ts), so a copied cookie stops working too.
 */
export async function revokeStaffSessions(
  db: Pick<Db, "prisma">,
  input: RevokeStaffSessionsInput,
  actor: AuditActor,
  reason: SessionRevocationReason = "signed_out_everywhere",
): Promise<{ email: string; sessionVersion: number }> {
  const { userId } = RevokeStaffSessionsInput.parse(input);
  try {
    return await db.prisma.$transaction(async (tx) => {
      const user = await tx.staffUser.update({
        where: { id: userId },
        data: { sessionVersion: { increment: 1 } },
        select: { email: true, sessionVersion: true },
      });
      await recordAudit(tx, {
        actor,
        action: reason === "signed_out" ? "auth.signed_out" : "staff.sessions_revoked",
        targetType: "staff_user",
        targetId: userId,
        detail: { email: user.email, reason },
      });
      return user;
    });
  } catch (error) {
    if (prismaErrorCode(error) === "P2025") throw new AppError("NOT_FOUND", "That staff user does not exist.");
    throw error;
  }
}
