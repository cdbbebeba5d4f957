"use server";

import { redirect } from "next/navigation";
import type { ActionResult } from "@/lib/action-result";
import { actionError } from "@/server/action-errors";
import { authorize } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { createIncident, CreateIncidentInput } from "@/server/incidents/create-incident";

export async function createIncidentAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  let slug: string;
  try {
    const actor = await authorize("incidents.write");
    const input = CreateIncidentInput.parse({
      slug: formData.get("slug"),
      title: formData.get("title"),
      awareAt: formData.get("awareAt") || undefined,
      leakStartedAt: formData.get("leakStartedAt") || undefined,
    });
    const incident = await createIncident(await getDb(), input, { id: actor.id, email: actor.email });
    slug = incident.slug;
  } catch (error) {
    return actionError(error);
  }
  // Straight to the imports: the first thing a new incident needs is its data.
  redirect(`/incidents/${slug}/imports`);
}
