import type { Role } from "../../lib/auth/permissions";
import type { Db } from "../db";
import { sealTotpSecret } from "../auth/totp";
import { AppError } from "../errors";
import { createStaffUser } from "../staff/create-staff-user";

export type DemoStaffUser = { email: string; name: string; role: Role; password: string; totpSecret?: string };

// Published passwords: these accounts exist only so that a demo can be signed
// into, which is why seeding them is refused in production.
export const DEMO_STAFF: readonly DemoStaffUser[] = [
  // Admins and approvers need a second factor: the demo's are enrolled with
  // these published TOTP keys (README lists them: add one to an authenticator
  // app, or `oathtool --totp -b <key>`). Demo only, like the passwords.
  {
    email: "admin@breachdesk.test",
    name: "Ada Admin",
    role: "admin",
    password: "Demo-Admin-2019",
    totpSecret: "DEMOADMINTOTPSECRETBREACHDESK234",
  },
  {
    email: "analyst@breachdesk.test",
    name: "Sam Analyst",
    role: "security_analyst",
    password: "Demo-Analyst-2019",
    totpSecret: "DEMOANALYSTTOTPSECRETBREACHDESK2",
  },
  { email: "support@breachdesk.test", name: "Pat Support", role: "support_agent", password: "Demo-Support-2019" },
  { email: "manager@breachdesk.test", name: "Morgan Manager", role: "manager", password: "Demo-Manager-2019" },
];

export type SeedDemoStaffResult = { created: string[] };

/**
 * Creates whichever demo staff users are missing. Existing users are left as
 * they are (their password or role may have been changed on purpose).
 */
export async function seedDemoStaff(db: Db, options: { nodeEnv: string | undefined }): Promise<SeedDemoStaffResult> {
  if (options.nodeEnv === "production") {
    throw new AppError("FORBIDDEN", "Refusing to create demo staff users when NODE_ENV=production.");
  }
  const existing = await db.prisma.staffUser.findMany({
    where: { email: { in: DEMO_STAFF.map((user) => user.email) } },
    select: { email: true },
  });
  const existingEmails = new Set(existing.map((user) => user.email));
  const created: string[] = [];
  for (const user of DEMO_STAFF) {
    if (existingEmails.has(user.email)) continue;
    try {
      const staff = await createStaffUser(db, user, null);
      if (user.totpSecret) {
        await db.prisma.staffUser.update({
          where: { id: staff.id },
          data: { totpSecret: sealTotpSecret(staff.id, user.totpSecret), totpEnabledAt: new Date() },
        });
      }
      created.push(user.email);
    } catch (error) {
      // Another seed running at the same time got there first: same outcome.
      if (error instanceof AppError && error.code === "CONFLICT") continue;
      throw error;
    }
  }
  return { created };
}
