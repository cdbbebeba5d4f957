"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action-result";
import { actionError } from "@/server/action-errors";
import { authorize } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { getMilestoneTimes } from "@/server/timeline/get-milestones";
import { getArticle33Summary } from "@/server/timeline/report/article-33-summary";
import { updateReportDetails } from "@/server/timeline/report/update-report-details";

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

export async function updateArticle33SummaryAction(
  _previous: ActionResult | null,
  formData: FormData,
): Promise<ActionResult> {
  try {
    const actor = await authorize("incidents.write");
    const db = await getDb();
    const incident = await getIncidentBySlugOrThrow(db, text(formData, "slug"));
    const { defaults } = await getArticle33Summary(db, incident, await getMilestoneTimes(db, incident));
    await updateReportDetails(
      db,
      {
        incidentId: incident.id,
        natureOfBreach: text(formData, "natureOfBreach"),
        dataCategories: text(formData, "dataCategories"),
        approxSubjects: text(formData, "approxSubjects"),
        approxRecords: text(formData, "approxRecords"),
        likelyConsequences: text(formData, "likelyConsequences"),
        measuresTaken: text(formData, "measuresTaken"),
      },
      actor,
      defaults,
    );
    revalidatePath(`/incidents/${encodeURIComponent(incident.slug)}/report`);
    return { ok: true, message: "Summary saved." };
  } catch (error) {
    return actionError(error);
  }
}
