import { z } from "zod";
import { countNarrowedBy, ROLES } from "../../lib/auth/permissions";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import type { Db } from "../db";
import { AppError } from "../errors";
import { listStaffApiTokens } from "./staff-api-tokens";

export const ChangeStaffRoleInput = z.object({
  userId: z.uuid("Unknown staff user."),
  role: z.enum(ROLES, "Choose a role."),
});
export type ChangeStaffRoleInput = z.infer<typeof ChangeStaffRoleInput>;

/**
 * Changes a staff user's role. Idempotent (the same role again changes and
 * records nothing). The last active admin cannot be demoted, so an install
 * never loses the ability to manage staff. Existing sessions pick the new role
 * up at their next request (roles are read from the database each time), and
 * so do the person's API tokens, which act within their creator's current
 * role: how many of them a demotion narrows is returned and audited.
 */
export async function changeStaffRole(db: Db, input: ChangeStaffRoleInput, actor: AuditActor) {
  const { userId, role } = ChangeStaffRoleInput.parse(input);
  return db.prisma.$transaction(async (tx) => {
    const user = await tx.staffUser.findUnique({ where: { id: userId } });
    if (!user) throw new AppError("NOT_FOUND", "That staff user does not exist.");
    if (user.role === role) return { changed: false, user, narrowedApiTokens: 0 };
    if (user.role === "admin" && user.active) {
      // Lock the admin rows so two concurrent demotions cannot both pass.
      const admins = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM staff_users WHERE role = 'admin' AND active FOR UPDATE`;
      if (admins.length <= 1) {
        throw new AppError("CONFLICT", "This is the last active admin: make another admin first.");
      }
    }
    const updated = await tx.staffUser.update({ where: { id: userId }, data: { role } });
    const tokens = await listStaffApiTokens(tx, userId);
    const narrowed = tokens.filter((token) => countNarrowedBy([token.grant], user.role, role) > 0);
    await recordAudit(tx, {
      actor,
      action: "staff.role_changed",
      targetType: "staff_user",
      targetId: userId,
      detail: {
        email: user.email,
        from: user.role,
        to: role,
        narrowedApiTokens: narrowed.length,
        ...(narrowed.length > 0 ? { narrowedApiTokenIds: narrowed.map((token) => token.id) } : {}),
      },
    });
    return { changed: true, user: updated, narrowedApiTokens: narrowed.length };
  });
}
