import { z } from "zod";
import { INSTANT_RANGE_MESSAGE, isStorableInstant, storableText } from "../../../lib/validation/storable";
import { TIMELINE_CATEGORIES, TIMELINE_MILESTONES } from "../../../lib/timeline/categories";
import { EvidenceLinksInput, TimeZoneInput } from "../record-timeline-event";

/** What an external system may POST. Times must carry an offset or Z: no guessing zones. */
export const ApiTimelineEventBody = z.strictObject({
  occurredAt: z.iso
    .datetime({
      offset: true,
      error: "Give an ISO 8601 time with an offset, e.g. 2019-11-07T09:12:00Z.",
    })
    .refine((text) => isStorableInstant(new Date(text)), INSTANT_RANGE_MESSAGE),
  timeZone: TimeZoneInput.optional(),
  category: z.enum(TIMELINE_CATEGORIES, { error: `One of: ${TIMELINE_CATEGORIES.join(", ")}.` }),
  milestone: z.enum(TIMELINE_MILESTONES, { error: `One of: ${TIMELINE_MILESTONES.join(", ")}.` }).nullish(),
  title: storableText().trim().min(1, "Give the event a title.").max(300),
  body: storableText().trim().max(20_000).optional(),
  evidenceLinks: EvidenceLinksInput.optional(),
  externalId: storableText().trim().min(1).max(200).optional(),
});
export type ApiTimelineEventBody = z.infer<typeof ApiTimelineEventBody>;
