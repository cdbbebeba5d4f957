"use server";

import { revalidatePath } from "next/cache";
import type { CreateTokenResult } from "@/components/timeline/api-token-forms";
import type { ActionResult } from "@/lib/action-result";
import type { Permission } from "@/lib/auth/permissions";
import { actionError } from "@/server/action-errors";
import { authorize, type CurrentUser } from "@/server/auth/session";
import { getDb, type Db } from "@/server/db";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { createApiToken } from "@/server/timeline/api-tokens/create-api-token";
import { revokeApiToken } from "@/server/timeline/api-tokens/revoke-api-token";
import { editTimelineEvent } from "@/server/timeline/edit-timeline-event";
import { addObligation } from "@/server/timeline/obligations/add-obligation";
import { markObligationMet } from "@/server/timeline/obligations/mark-obligation-met";
import { recordTimelineEvent } from "@/server/timeline/record-timeline-event";
import { retractTimelineEvent } from "@/server/timeline/retract-timeline-event";
import { MilestoneChoice, eventFieldsFromForm, formText, instantFromForm, slugFromForm } from "./form-data";

type Scope = { actor: CurrentUser; db: Db; incident: { id: string; slug: string } };

// Every action checks its permission itself, then scopes to the incident of the form.
async function scope(permission: Permission, formData: FormData): Promise<Scope> {
  const actor = await authorize(permission);
  const db = await getDb();
  const incident = await getIncidentBySlugOrThrow(db, slugFromForm(formData));
  return { actor, db, incident };
}

function refresh(slug: string): void {
  // The layout too: its header shows the Article 33 clock.
  revalidatePath(`/incidents/${encodeURIComponent(slug)}`, "layout");
}

/** The shape of every action here: authorise, scope, do, refresh, report. */
async function run(
  permission: Permission,
  formData: FormData,
  act: (scope: Scope) => Promise<string>,
): Promise<ActionResult> {
  try {
    const current = await scope(permission, formData);
    const message = await act(current);
    refresh(current.incident.slug);
    return { ok: true, message };
  } catch (error) {
    return actionError(error);
  }
}

export async function addTimelineEventAction(
  _previous: ActionResult | null,
  formData: FormData,
): Promise<ActionResult> {
  return run("timeline.write", formData, async ({ actor, db, incident }) => {
    const fields = eventFieldsFromForm(formData);
    await recordTimelineEvent(db.prisma, { ...fields, incidentId: incident.id, source: "manual" }, actor);
    return "Event added.";
  });
}

export async function editTimelineEventAction(
  _previous: ActionResult | null,
  formData: FormData,
): Promise<ActionResult> {
  return run("timeline.write", formData, async ({ actor, db, incident }) => {
    const fields = eventFieldsFromForm(formData);
    const result = await editTimelineEvent(
      db,
      {
        ...fields,
        incidentId: incident.id,
        eventId: formText(formData, "eventId"),
        expectedVersion: formText(formData, "expectedVersion"),
        changeNote: formText(formData, "changeNote"),
      },
      actor,
    );
    return result.changed ? `Saved as version ${result.version}.` : "Nothing changed.";
  });
}

export async function retractTimelineEventAction(
  _previous: ActionResult | null,
  formData: FormData,
): Promise<ActionResult> {
  return run("timeline.write", formData, async ({ actor, db, incident }) => {
    await retractTimelineEvent(
      db,
      { incidentId: incident.id, eventId: formText(formData, "eventId"), reason: formText(formData, "reason") },
      actor,
    );
    return "Event retracted.";
  });
}

export async function addObligationAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  return run("timeline.write", formData, async ({ actor, db, incident }) => {
    await addObligation(
      db,
      {
        incidentId: incident.id,
        title: formText(formData, "title"),
        authority: formText(formData, "authority"),
        dueInDays: formText(formData, "dueInDays") === "" ? null : formText(formData, "dueInDays"),
        metByMilestone: MilestoneChoice.parse(formText(formData, "metByMilestone") || null),
      },
      actor,
    );
    return "Obligation added.";
  });
}

export async function markObligationMetAction(
  _previous: ActionResult | null,
  formData: FormData,
): Promise<ActionResult> {
  return run("timeline.write", formData, async ({ actor, db, incident }) => {
    const { at } = instantFromForm(formData, "metAtLocal", "metAt");
    await markObligationMet(
      db,
      {
        incidentId: incident.id,
        obligationId: formText(formData, "obligationId"),
        metAt: at,
        note: formText(formData, "note"),
      },
      actor,
    );
    return "Marked met.";
  });
}

export async function createApiTokenAction(
  _previous: CreateTokenResult | null,
  formData: FormData,
): Promise<CreateTokenResult> {
  try {
    const { actor, db, incident } = await scope("api_tokens.manage", formData);
    const allIncidents = formText(formData, "allIncidents") === "1";
    const { token, record } = await createApiToken(
      db,
      {
        name: formText(formData, "name"),
        incidentId: allIncidents ? null : incident.id,
        scopes: formText(formData, "milestones") === "1" ? ["timeline.write", "timeline.milestones"] : ["timeline.write"],
        expiresInDays: formText(formData, "expiresInDays"),
      },
      actor,
    );
    refresh(incident.slug);
    return { ok: true, message: `Token “${record.name}” created.`, token };
  } catch (error) {
    return actionError(error);
  }
}

export async function revokeApiTokenAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  return run("api_tokens.manage", formData, async ({ actor, db }) => {
    await revokeApiToken(db, { tokenId: formText(formData, "tokenId") }, actor);
    return "Token revoked.";
  });
}
