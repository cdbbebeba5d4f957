import { TimelineHighlights } from "@/components/incidents/timeline-highlights";
import { getDb } from "@/server/db";
import { listTimelineEvents } from "@/server/timeline/list-timeline-events";

/** The first events of the timeline, oldest first, for the overview. */
export async function TimelineWidget({ incidentId }: { incidentId: string }) {
  const { events } = await listTimelineEvents(await getDb(), { incidentId, limit: 12 });
  const items = events.map((event) => ({
    id: event.id,
    occurredAt: new Date(event.occurredAt),
    category: event.category,
    milestone: event.milestone,
    title: event.title,
    retracted: event.retracted !== null,
  }));
  return <TimelineHighlights items={items} />;
}
