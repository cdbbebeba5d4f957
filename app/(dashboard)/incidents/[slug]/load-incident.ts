import { notFound } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/server/db";
import { isAppError } from "@/server/errors";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { getMilestoneTimes } from "@/server/timeline/get-milestones";

/** The incident of the URL, once per request (layout and page share it), or the 404 page. */
export const loadIncidentOr404 = cache(async (slug: string) => {
  try {
    return await getIncidentBySlugOrThrow(await getDb(), slug);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
});

/** The incident's milestone times, once per request (the header's clock and the pages' charts share them). */
export const loadMilestoneTimes = cache(async (incident: { id: string; leakStartedAt: Date; awareAt: Date }) =>
  getMilestoneTimes(await getDb(), incident),
);
