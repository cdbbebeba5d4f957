"use server";

import { z } from "zod";
import { ARTICLE_33_FIELDS } from "@/lib/timeline/report-defaults";
import { defineAction, formText } from "@/server/action";
import { getMilestoneTimes } from "@/server/timeline/get-milestones";
import { getArticle33Summary } from "@/server/timeline/report/article-33-summary";
import { updateReportDetails } from "@/server/timeline/report/update-report-details";

export const updateArticle33SummaryAction = defineAction({
  permission: "incidents.write",
  args: (_previous: unknown, formData: FormData) => ({
    scope: { slug: formText(formData, "slug") },
    input: Object.fromEntries(ARTICLE_33_FIELDS.map((name) => [name, formText(formData, name)])),
  }),
  scope: z.object({ slug: z.string() }),
  // The fields' own rules are updateReportDetails': here they are text, as the form sends them.
  input: z.object({
    natureOfBreach: z.string(),
    dataCategories: z.string(),
    approxSubjects: z.string(),
    approxRecords: z.string(),
    likelyConsequences: z.string(),
    measuresTaken: z.string(),
  }),
  run: async ({ db, incident, input, user }) => {
    const { defaults } = await getArticle33Summary(db, incident, await getMilestoneTimes(db, incident));
    await updateReportDetails(db, { incidentId: incident.id, ...input }, user, defaults);
    return { ok: true as const, message: "Summary saved." };
  },
  revalidate: ({ incident }) => [`/incidents/${encodeURIComponent(incident.slug)}/report`],
});
