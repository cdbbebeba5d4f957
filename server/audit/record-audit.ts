import type { Prisma as PrismaTypes } from "../db/generated/prisma/client";
import type { Prisma } from "../db/create-prisma";

export type AuditActor = { id: string; email: string } | null;

export type AuditEntry = {
  actor: AuditActor;
  action: string;
  incidentId?: string | null;
  targetType?: string;
  targetId?: string;
  detail?: PrismaTypes.InputJsonValue;
  ip?: string | null;
};

type AuditWriter = Pick<Prisma, "auditLog">;

/** The one way to write the audit log. Pass a transaction client to make the
 * entry part of the change it records. */
export async function recordAudit(prisma: AuditWriter, entry: AuditEntry): Promise<void> {
  await prisma.auditLog.create({
    data: {
      actorId: entry.actor?.id ?? null,
      actorEmail: entry.actor?.email ?? null,
      action: entry.action,
      incidentId: entry.incidentId ?? null,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      detail: entry.detail,
      ip: entry.ip ?? null,
    },
  });
}
