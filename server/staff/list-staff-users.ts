import type { Db } from "../db";

export async function listStaffUsers(db: Db) {
  return db.prisma.staffUser.findMany({
    orderBy: [{ role: "asc" }, { email: "asc" }],
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      active: true,
      lastSignInAt: true,
      createdAt: true,
      totpEnabledAt: true,
      ssoSubject: true,
    },
  });
}
