import { z } from "zod";
import { storableDate, storableText } from "../../lib/validation/storable";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import type { Db } from "../db";
import { AppError, prismaErrorCode } from "../errors";
import { refreshIncidentStats } from "./refresh-incident-stats";

export const CreateIncidentInput = z
  .object({
    slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/, "Use 3-64 lower-case letters, digits and hyphens."),
    title: storableText().trim().min(3, "Give the incident a title.").max(200),
    summary: storableText().trim().max(5000).default(""),
    awareAt: storableDate({ error: "Give T0 as an ISO 8601 time, e.g. 2019-11-07T09:12:00Z." }),
    leakStartedAt: storableDate({ error: "Give the leak start as an ISO 8601 time." }).optional(),
  })
  .refine((v) => !v.leakStartedAt || v.leakStartedAt <= v.awareAt, {
    message: "The leak cannot start after T0.",
    path: ["leakStartedAt"],
  });
export type CreateIncidentInput = z.input<typeof CreateIncidentInput>;

export async function createIncident(db: Db, input: CreateIncidentInput, actor: AuditActor) {
  const data = CreateIncidentInput.parse(input);
  try {
    const incident = await db.prisma.$transaction(async (tx) => {
      const created = await tx.incident.create({
        data: {
          slug: data.slug,
          title: data.title,
          summary: data.summary,
          awareAt: data.awareAt,
          leakStartedAt: data.leakStartedAt ?? data.awareAt,
        },
      });
      await recordAudit(tx, {
        actor,
        action: "incident.created",
        incidentId: created.id,
        targetType: "incident",
        targetId: created.id,
        detail: { slug: created.slug },
      });
      return created;
    });
    await refreshIncidentStats(db.sql, incident.id);
    return incident;
  } catch (error) {
    if (prismaErrorCode(error) === "P2002") {
      throw new AppError("CONFLICT", `An incident with the id "${data.slug}" already exists.`, {
        slug: "already in use",
      });
    }
    throw error;
  }
}
