import { z } from "zod";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../auth/password";
import type { Db } from "../db";
import { AppError, prismaErrorCode } from "../errors";

export const SetStaffPasswordInput = z.object({
  userId: z.uuid("Unknown staff user."),
  password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`).max(1024),
});
export type SetStaffPasswordInput = z.infer<typeof SetStaffPasswordInput>;

/** Sets a staff user's password and ends their sessions (whoever held the old one is out). */
export async function setStaffPassword(db: Db, input: SetStaffPasswordInput, actor: AuditActor): Promise<void> {
  const { userId, password } = SetStaffPasswordInput.parse(input);
  const passwordHash = await hashPassword(password);
  try {
    await db.prisma.$transaction(async (tx) => {
      const user = await tx.staffUser.update({
        where: { id: userId },
        data: { passwordHash, sessionVersion: { increment: 1 } },
        select: { email: true },
      });
      await recordAudit(tx, {
        actor,
        action: "staff.password_changed",
        targetType: "staff_user",
        targetId: userId,
        detail: { email: user.email },
      });
    });
  } catch (error) {
    if (prismaErrorCode(error) === "P2025") throw new AppError("NOT_FOUND", "That staff user does not exist.");
    throw error;
  }
}
