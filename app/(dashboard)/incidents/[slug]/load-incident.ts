import { notFound } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/server/db";
import { isAppError } from "@/server/errors";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";

/** The incident of the URL, once per request (layout and page share it), or the 404 page. */
export const loadIncidentOr404 = cache(async (slug: string) => {
  try {
    return await getIncidentBySlugOrThrow(await getDb(), slug);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
});
