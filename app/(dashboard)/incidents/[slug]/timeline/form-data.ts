import { z } from "zod";
import { TIMELINE_CATEGORIES, TIMELINE_MILESTONES } from "@/lib/timeline/categories";
import { isValidTimeZone, wallTimeToUtc } from "@/lib/timeline/zoned-time";
import { AppError } from "@/server/errors";

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

/**
 * A wall-clock time from a datetime-local input plus the zone it was given
 * in, as the instant it names. Field errors for either.
 */
export function instantFromForm(formData: FormData, timeField: string, errorField: string): { at: Date; zone: string } {
  const zone = text(formData, "timeZone").trim() || "UTC";
  if (!isValidTimeZone(zone)) {
    throw new AppError("VALIDATION", "Please correct the highlighted fields.", {
      timeZone: "Use an IANA time zone such as Europe/London or UTC.",
    });
  }
  const at = wallTimeToUtc(text(formData, timeField), zone);
  if (!at) {
    throw new AppError("VALIDATION", "Please correct the highlighted fields.", {
      [errorField]: "Give the date and time.",
    });
  }
  return { at, zone };
}

const Classification = z.object({
  category: z.enum(TIMELINE_CATEGORIES, { error: "Pick a category." }),
  milestone: z.enum(TIMELINE_MILESTONES, { error: "Pick a milestone." }).nullable(),
});

/** The event fields shared by the add and edit forms. */
export function eventFieldsFromForm(formData: FormData) {
  const { at, zone } = instantFromForm(formData, "occurredAtLocal", "occurredAt");
  const { category, milestone } = Classification.parse({
    category: text(formData, "category"),
    milestone: text(formData, "milestone") || null,
  });
  return {
    occurredAt: at,
    timeZone: zone,
    category,
    milestone,
    title: text(formData, "title"),
    body: text(formData, "body"),
    evidenceLinks: text(formData, "evidenceLinks")
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
  };
}

export function slugFromForm(formData: FormData): string {
  return text(formData, "slug");
}

export { text as formText };

export const MilestoneChoice = z.enum(TIMELINE_MILESTONES, { error: "Pick a milestone." }).nullable();
