import { appUrl } from "./app-url";
import { emitEvent, type EventWriter } from "./emit-event";
import { incidentRef } from "./incident-ref";

/** A milestone on an incident's timeline as an outgoing event, in the caller's transaction. */
export async function announceMilestone(
  tx: EventWriter,
  milestone: { incidentId: string; milestone: string; title: string; occurredAt: Date },
): Promise<void> {
  const incident = await incidentRef(tx, milestone.incidentId);
  await emitEvent(
    tx,
    "timeline.milestone",
    {
      incident,
      milestone: milestone.milestone,
      title: milestone.title,
      occurredAt: milestone.occurredAt.toISOString(),
      url: appUrl(`/incidents/${incident.slug}/timeline`),
    },
    { incidentId: milestone.incidentId },
  );
}

/** A Prisma client (or its transaction) as an event writer. */
export function prismaEventWriter(prisma: { $queryRawUnsafe<T = unknown>(sql: string, ...values: unknown[]): Promise<T> }): EventWriter {
  return { query: <T>(sql: string | { text: string }, params: unknown[] = []) => prisma.$queryRawUnsafe<T[]>(typeof sql === "string" ? sql : sql.text, ...params) };
}
