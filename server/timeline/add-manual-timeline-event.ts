import "server-only";
import type { AuditActor } from "../audit/record-audit";
import type { Db } from "../db";
import { recordTimelineEvent, type RecordTimelineEventInput } from "./record-timeline-event";

/** An event a person adds on the timeline page (source "manual"). */
export async function addManualTimelineEvent(
  db: Db,
  input: Omit<RecordTimelineEventInput, "source">,
  actor: AuditActor,
) {
  return recordTimelineEvent(db.prisma, { ...input, source: "manual" }, actor);
}
