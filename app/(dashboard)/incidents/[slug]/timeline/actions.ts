"use server";

import { z } from "zod";
import type { ActionResult } from "@/lib/action-result";
import type { CreateTokenResult } from "@/lib/timeline/contracts";
import { defineAction } from "@/server/action";
import { createApiToken } from "@/server/timeline/api-tokens/create-api-token";
import { revokeApiToken } from "@/server/timeline/api-tokens/revoke-api-token";
import { editTimelineEvent } from "@/server/timeline/edit-timeline-event";
import { addManualTimelineEvent } from "@/server/timeline/add-manual-timeline-event";
import { addObligation } from "@/server/timeline/obligations/add-obligation";
import { markObligationMet } from "@/server/timeline/obligations/mark-obligation-met";
import { waiveObligation } from "@/server/timeline/obligations/waive-obligation";
import { retractTimelineEvent } from "@/server/timeline/retract-timeline-event";
import { MilestoneChoice, eventFieldsFromForm, formText, instantFromForm, slugFromForm } from "./form-data";

// Every action scopes to the incident of the form (its hidden `slug`); the
// fields are read from the form after that, the data functions checking them.

type FormArgs = [previous: ActionResult | null, formData: FormData];
const fromForm = (_previous: unknown, formData: FormData) => ({ scope: { slug: slugFromForm(formData) }, input: formData });
const IncidentScope = z.object({ slug: z.string() });
const Form = z.instanceof(FormData);

/** The layout too: its header shows the Article 33 clock. */
const refresh = ({ incident }: { incident: { slug: string } }) => [
  { path: `/incidents/${encodeURIComponent(incident.slug)}`, type: "layout" as const },
];

export const addTimelineEventAction = defineAction({
  permission: "timeline.write",
  args: (...[previous, formData]: FormArgs) => fromForm(previous, formData),
  scope: IncidentScope,
  input: Form.transform(eventFieldsFromForm),
  run: async ({ db, incident, input, user }) => {
    await addManualTimelineEvent(db, { ...input, incidentId: incident.id }, user);
    return { ok: true as const, message: "Event added." };
  },
  revalidate: refresh,
});

export const editTimelineEventAction = defineAction({
  permission: "timeline.write",
  args: (...[previous, formData]: FormArgs) => fromForm(previous, formData),
  scope: IncidentScope,
  input: Form.transform((form) => ({
    ...eventFieldsFromForm(form),
    eventId: formText(form, "eventId"),
    expectedVersion: formText(form, "expectedVersion"),
    changeNote: formText(form, "changeNote"),
  })),
  run: async ({ db, incident, input, user }) => {
    const result = await editTimelineEvent(db, { ...input, incidentId: incident.id }, user);
    return { ok: true as const, message: result.changed ? `Saved as version ${result.version}.` : "Nothing changed." };
  },
  revalidate: refresh,
});

export const retractTimelineEventAction = defineAction({
  permission: "timeline.write",
  args: (...[previous, formData]: FormArgs) => fromForm(previous, formData),
  scope: IncidentScope,
  input: Form.transform((form) => ({ eventId: formText(form, "eventId"), reason: formText(form, "reason") })),
  run: async ({ db, incident, input, user }) => {
    await retractTimelineEvent(db, { incidentId: incident.id, ...input }, user);
    return { ok: true as const, message: "Event retracted." };
  },
  revalidate: refresh,
});

export const addObligationAction = defineAction({
  permission: "timeline.write",
  args: (...[previous, formData]: FormArgs) => fromForm(previous, formData),
  scope: IncidentScope,
  input: Form.transform((form) => ({
    title: formText(form, "title"),
    authority: formText(form, "authority"),
    dueInDays: formText(form, "dueInDays") === "" ? null : formText(form, "dueInDays"),
    metByMilestone: MilestoneChoice.parse(formText(form, "metByMilestone") || null),
  })),
  run: async ({ db, incident, input, user }) => {
    await addObligation(db, { incidentId: incident.id, ...input }, user);
    return { ok: true as const, message: "Obligation added." };
  },
  revalidate: refresh,
});

export const markObligationMetAction = defineAction({
  permission: "timeline.write",
  args: (...[previous, formData]: FormArgs) => fromForm(previous, formData),
  scope: IncidentScope,
  input: Form.transform((form) => ({
    metAt: instantFromForm(form, "metAtLocal", "metAt").at,
    obligationId: formText(form, "obligationId"),
    note: formText(form, "note"),
  })),
  run: async ({ db, incident, input, user }) => {
    await markObligationMet(
      db,
      { incidentId: incident.id, obligationId: input.obligationId, metAt: input.metAt, note: input.note },
      user,
    );
    return { ok: true as const, message: "Marked met." };
  },
  revalidate: refresh,
});

export const waiveObligationAction = defineAction({
  permission: "timeline.write",
  args: (...[previous, formData]: FormArgs) => fromForm(previous, formData),
  scope: IncidentScope,
  input: Form.transform((form) => ({ obligationId: formText(form, "obligationId"), reason: formText(form, "reason") })),
  run: async ({ db, incident, input, user }) => {
    await waiveObligation(db, { incidentId: incident.id, ...input }, user);
    return { ok: true as const, message: "Waived." };
  },
  revalidate: refresh,
});

export const createApiTokenAction = defineAction({
  permission: "api_tokens.manage",
  args: (previous: CreateTokenResult | null, formData: FormData) => fromForm(previous, formData),
  scope: IncidentScope,
  input: Form.transform((form) => ({
    name: formText(form, "name"),
    allIncidents: formText(form, "allIncidents") === "1",
    milestones: formText(form, "milestones") === "1",
    expiresInDays: formText(form, "expiresInDays"),
  })),
  run: async ({ db, incident, input, user }) => {
    const { token, record } = await createApiToken(
      db,
      {
        name: input.name,
        incidentId: input.allIncidents ? null : incident.id,
        scopes: input.milestones ? ["timeline.write", "timeline.milestones"] : ["timeline.write"],
        expiresInDays: input.expiresInDays,
      },
      user,
    );
    return { ok: true as const, message: `Token “${record.name}” created.`, token };
  },
  revalidate: refresh,
});

export const revokeApiTokenAction = defineAction({
  // Revoking only takes access away: allowed on a closed incident too.
  closedIncident: "allowed",
  permission: "api_tokens.manage",
  args: (...[previous, formData]: FormArgs) => fromForm(previous, formData),
  scope: IncidentScope,
  input: Form.transform((form) => ({ tokenId: formText(form, "tokenId") })),
  run: async ({ db, input, user }) => {
    await revokeApiToken(db, input, user);
    return { ok: true as const, message: "Token revoked." };
  },
  revalidate: refresh,
});
