"use server";

import { redirect } from "next/navigation";
import { defineAction } from "@/server/action";
import { createIncident, CreateIncidentInput } from "@/server/incidents/create-incident";

export const createIncidentAction = defineAction({
  permission: "incidents.write",
  args: (_previous: unknown, formData: FormData) => ({
    input: {
      slug: formData.get("slug"),
      title: formData.get("title"),
      awareAt: formData.get("awareAt") || undefined,
      leakStartedAt: formData.get("leakStartedAt") || undefined,
    },
  }),
  input: CreateIncidentInput,
  run: async ({ db, input, user }): Promise<never> => {
    const incident = await createIncident(db, input, { id: user.id, email: user.email });
    // Straight to the imports: the first thing a new incident needs is its data.
    redirect(`/incidents/${incident.slug}/imports`);
  },
});
