"use server";

import { z } from "zod";
import { ARTICLE_33_FIELDS } from "@/lib/timeline/report-defaults";
import { defineAction, formText } from "@/server/action";
import { makeEvidencePack } from "@/server/evidence/make-evidence-pack";
import { getMilestoneTimes } from "@/server/timeline/get-milestones";
import { getArticle33Summary } from "@/server/timeline/report/article-33-summary";
import { updateReportDetails } from "@/server/timeline/report/update-report-details";
import { REPORT_CONTACT_FIELDS, updateReportContacts } from "@/server/timeline/report/report-contacts";

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

export const updateReportContactsAction = defineAction({
  permission: "incidents.write",
  args: (_previous: unknown, formData: FormData) => ({
    scope: { slug: formText(formData, "slug") },
    input: Object.fromEntries(REPORT_CONTACT_FIELDS.map((name) => [name, formText(formData, name)])),
  }),
  scope: z.object({ slug: z.string() }),
  // The fields' own rules are updateReportContacts': here they are text, as the form sends them.
  input: z.object({
    controllerName: z.string(),
    controllerContact: z.string(),
    dpoName: z.string(),
    dpoContact: z.string(),
  }),
  run: async ({ db, incident, input, user }) => {
    const { changed } = await updateReportContacts(db, { incidentId: incident.id, ...input }, user);
    return { ok: true as const, message: changed.length > 0 ? "Contacts saved." : "No change." };
  },
  revalidate: ({ incident }) => [`/incidents/${encodeURIComponent(incident.slug)}/report`],
});

export const makeEvidencePackAction = defineAction({
  permission: "incidents.close",
  args: (_previous: unknown, formData: FormData) => ({ scope: { slug: formText(formData, "slug") } }),
  scope: z.object({ slug: z.string() }),
  run: async ({ db, incident, actor }) => {
    await makeEvidencePack(db, incident, "on_demand", actor);
    return { ok: true as const, message: "Evidence pack made." };
  },
  revalidate: ({ incident }) => [`/incidents/${encodeURIComponent(incident.slug)}/report`],
});
