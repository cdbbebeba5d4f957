import { z } from "zod";
import { storableText } from "../../lib/validation/storable";
import { ROLES } from "../../lib/auth/permissions";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../auth/password";
import { normalizeStaffEmail } from "../auth/verify-staff-credentials";
import type { Db } from "../db";
import { AppError, prismaErrorCode } from "../errors";

export const CreateStaffUserInput = z.object({
  email: z.email("Enter a valid e-mail address.").max(320),
  name: storableText().trim().min(1, "Enter a name.").max(200),
  role: z.enum(ROLES),
  password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`).max(1024),
});
export type CreateStaffUserInput = z.infer<typeof CreateStaffUserInput>;

export async function createStaffUser(db: Db, input: CreateStaffUserInput, actor: AuditActor) {
  const data = CreateStaffUserInput.parse(input);
  const passwordHash = await hashPassword(data.password);
  try {
    return await db.prisma.$transaction(async (tx) => {
      const user = await tx.staffUser.create({
        data: { email: normalizeStaffEmail(data.email), name: data.name, role: data.role, passwordHash },
        select: { id: true, email: true, name: true, role: true },
      });
      await recordAudit(tx, {
        actor,
        action: "staff.created",
        targetType: "staff_user",
        targetId: user.id,
        detail: { email: user.email, role: user.role },
      });
      return user;
    });
  } catch (error) {
    if (prismaErrorCode(error) === "P2002") {
      throw new AppError("CONFLICT", `A staff user with e-mail ${data.email} already exists.`, {
        email: "This e-mail address is already in use.",
      });
    }
    throw error;
  }
}
