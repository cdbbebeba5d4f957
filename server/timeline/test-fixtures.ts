// Factories for the timeline's integration tests.
import { randomUUID } from "node:crypto";
import type { Db } from "../db";

export const T0 = new Date("2019-11-07T09:12:00Z");
const LEAK_STARTED = new Date("2019-11-07T08:30:00Z");

export async function createTestIncident(db: Db, slug = `inc-${randomUUID().slice(0, 8)}`) {
  return db.prisma.incident.create({
    data: {
      slug,
      title: `Incident ${slug}`,
      summary: "Addresses visible in To:.",
      leakStartedAt: LEAK_STARTED,
      awareAt: T0,
    },
    include: { stats: true },
  });
}

export async function createTestStaff(db: Db, name = "Alice Analyst") {
  const user = await db.prisma.staffUser.create({
    data: {
      email: `${randomUUID().slice(0, 8)}@breachdesk.test`,
      name,
      role: "security_analyst",
      passwordHash: "not-a-real-hash",
    },
  });
  return { id: user.id, email: user.email, name: user.name };
}
