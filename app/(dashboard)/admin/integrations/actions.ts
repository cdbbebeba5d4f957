"use server";

import { z } from "zod";
import { defineAction, formText } from "@/server/action";
import {
  createDestination,
  deleteDestination,
  rotateDestinationSecret,
  sendTestEvent,
  updateDestination,
} from "@/server/events/destinations/manage-destination";

// The fields' rules are the data functions' own: here they are text, as the form sends them.
const DestinationFields = z.object({ name: z.string(), kind: z.string(), url: z.string(), incidentId: z.string(), eventTypes: z.array(z.string()) });
// A destination id is a UUID: anything else is a validation answer, never a database error.
const ById = z.object({ id: z.uuid() });
const REVALIDATE = () => ["/admin/integrations"];

export const createDestinationAction = defineAction({
  permission: "integrations.manage",
  args: (_previous: unknown, formData: FormData) => ({
    input: {
      name: formText(formData, "name"),
      kind: formText(formData, "kind"),
      url: formText(formData, "url"),
      incidentId: formText(formData, "incidentId"),
      eventTypes: formData.getAll("eventTypes").map(String),
    },
  }),
  input: DestinationFields,
  run: async ({ db, input, user }) => {
    const { destination, secret } = await createDestination(db, { ...input, kind: input.kind as never }, user);
    return { ok: true as const, message: `Destination "${destination.name}" added.`, secret };
  },
  revalidate: REVALIDATE,
});

export const sendTestEventAction = defineAction({
  permission: "integrations.manage",
  args: (_previous: unknown, formData: FormData) => ({ input: { id: formText(formData, "id") } }),
  input: ById,
  run: async ({ db, input, user }) => {
    const { eventId } = await sendTestEvent(db, input.id, user);
    return { ok: true as const, message: `Test event ${eventId.slice(0, 8)}… queued: see the delivery log.` };
  },
  revalidate: REVALIDATE,
});

export const setDestinationEnabledAction = defineAction({
  permission: "integrations.manage",
  args: (_previous: unknown, formData: FormData) => ({
    input: { id: formText(formData, "id"), enabled: formText(formData, "enabled") },
  }),
  input: z.object({ id: z.uuid(), enabled: z.enum(["true", "false"]) }),
  run: async ({ db, input, user }) => {
    const enabled = input.enabled === "true";
    await updateDestination(db, input.id, { enabled }, user);
    return { ok: true as const, message: enabled ? "Enabled." : "Disabled." };
  },
  revalidate: REVALIDATE,
});

export const rotateSecretAction = defineAction({
  permission: "integrations.manage",
  args: (_previous: unknown, formData: FormData) => ({ input: { id: formText(formData, "id") } }),
  input: ById,
  run: async ({ db, input, user }) => {
    const { secret, previousValidUntil } = await rotateDestinationSecret(db, input.id, user);
    return { ok: true as const, message: `New secret; the old one still signs until ${previousValidUntil}.`, secret };
  },
  revalidate: REVALIDATE,
});

export const deleteDestinationAction = defineAction({
  permission: "integrations.manage",
  args: (_previous: unknown, formData: FormData) => ({ input: { id: formText(formData, "id") } }),
  input: ById,
  run: async ({ db, input, user }) => {
    await deleteDestination(db, input.id, user);
    return { ok: true as const, message: "Destination removed." };
  },
  revalidate: REVALIDATE,
});
