import { TimelineHighlights } from "@/components/incidents/timeline-highlights";
import { getDb } from "@/server/db";
import { listTimelineHighlights } from "@/server/timeline/list-timeline-highlights";

/** The first events of the timeline, oldest first, for the overview. */
export async function TimelineWidget({ incidentId }: { incidentId: string }) {
  const items = await listTimelineHighlights(await getDb(), incidentId, 12);
  return <TimelineHighlights items={items} />;
}
