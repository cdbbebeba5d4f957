import { notFound } from "next/navigation";
import { cache } from "react";
import type { MilestoneTimes } from "@/lib/timeline/durations";
import { getDb } from "@/server/db";
import { isAppError } from "@/server/errors";
import { getIncidentPageBySlugOrThrow } from "@/server/incidents/get-incident";
import { getMilestoneTimes } from "@/server/timeline/get-milestones";

// The milestones read with each incident this request loaded (see loadIncidentOr404).
const milestonesRead = new WeakMap<object, MilestoneTimes>();

/**
 * The incident of the URL, once per request (layout and page share it), or
 * the 404 page. Its milestone times come in the same read, since the
 * header's clock needs them on every incident page.
 */
export const loadIncidentOr404 = cache(async (slug: string) => {
  try {
    const { incident, milestones } = await getIncidentPageBySlugOrThrow(await getDb(), slug);
    milestonesRead.set(incident, milestones);
    return incident;
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
});

/** The incident's milestone times, once per request (the header's clock and the pages' charts share them). */
export const loadMilestoneTimes = cache(
  async (incident: { id: string; leakStartedAt: Date; awareAt: Date }) =>
    milestonesRead.get(incident) ?? getMilestoneTimes(await getDb(), incident),
);
