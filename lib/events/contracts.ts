import { z } from "zod";
import { ActionResult } from "../action-result";
import { EVENT_TYPES } from "./event-types";

export const DESTINATION_KINDS = ["slack", "teams", "webhook", "email"] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

export const DESTINATION_KIND_LABELS: Record<DestinationKind, string> = {
  slack: "Slack (incoming webhook)",
  teams: "Microsoft Teams (incoming webhook)",
  webhook: "Signed webhook (Standard Webhooks)",
  email: "E-mail to approvers",
};

const EventTypesInput = z.array(z.enum(EVENT_TYPES.filter((t) => t !== "destination.test") as [string, ...string[]])).max(50).default([]);

/** A new destination; `url` for every kind but e-mail. */
export const CreateDestinationInput = z
  .object({
    name: z.string().trim().min(1, "Name the destination.").max(100),
    kind: z.enum(DESTINATION_KINDS),
    url: z.string().trim().max(2000).optional().or(z.literal("").transform(() => undefined)),
    /** One incident's events (its id), or every incident's (absent). */
    incidentId: z.uuid().optional().or(z.literal("").transform(() => undefined)),
    eventTypes: EventTypesInput,
  })
  .refine((d) => d.kind === "email" || Boolean(d.url), { path: ["url"], message: "Give the webhook URL." });
export type CreateDestinationInput = z.input<typeof CreateDestinationInput>;

/** A change to a destination: any of these; enabling clears the failure streak. */
export const UpdateDestinationInput = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  url: z.string().trim().max(2000).optional(),
  incidentId: z.uuid().nullable().optional(),
  eventTypes: EventTypesInput.optional(),
  enabled: z.boolean().optional(),
});
export type UpdateDestinationInput = z.input<typeof UpdateDestinationInput>;

/** A destination as admins see it: never its URL's secret parts, never its signing secret. */
export const DestinationView = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(DESTINATION_KINDS),
  url: z.string().nullable().describe("Scheme and host only: a chat webhook URL is itself a secret."),
  incidentId: z.uuid().nullable(),
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  breakerOpenUntil: z.string().nullable(),
  createdAt: z.string(),
});
export type DestinationView = z.infer<typeof DestinationView>;

export const DeliveryView = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  eventType: z.string(),
  status: z.enum(["queued", "delivered", "failed"]),
  attempts: z.number().int(),
  responseCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
});
export type DeliveryView = z.infer<typeof DeliveryView>;

/** What the Integrations page's forms answer: a new or rotated secret rides along, shown once. */
export const DestinationActionResult = z.intersection(ActionResult, z.object({ secret: z.string().nullable().optional() }));
export type DestinationActionResult = z.infer<typeof DestinationActionResult>;
