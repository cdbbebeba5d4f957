import { z } from "zod";
import { CreateDestinationInput, DeliveryView, DestinationView, UpdateDestinationInput } from "../../../lib/events/contracts";
import { defineOperation } from "../operation";
import { named } from "../schemas/named";

const TAG = "Integrations";
const auth = { kind: "staff", permission: "integrations.manage" } as const;
const Destination = named("EventDestination", DestinationView);
const DestinationParams = z.object({ id: z.uuid() });

export const listDestinationsOperation = defineOperation({
  method: "GET",
  path: "/integrations/destinations",
  operationId: "listEventDestinations",
  tag: TAG,
  summary: "Where outgoing events go: chat channels, signed webhooks, e-mail to approvers.",
  auth,
  responses: { 200: { description: "The destinations (URLs masked, secrets never).", schema: z.object({ destinations: z.array(Destination) }) } },
});

export const createDestinationOperation = defineOperation({
  method: "POST",
  path: "/integrations/destinations",
  operationId: "createEventDestination",
  tag: TAG,
  summary: "Adds a destination. A signed webhook's secret (whsec_…) is in this answer only.",
  description:
    "The URL must not resolve to a private, loopback, link-local or unique-local address unless its host is on " +
    "BREACHDESK_OUTBOUND_ALLOW_HOSTS; it is checked again before every delivery.",
  auth,
  body: CreateDestinationInput,
  retry: "idempotency-key",
  responses: {
    201: {
      description: "Added.",
      schema: z.object({ destination: Destination, secret: z.string().nullable().describe("Shown once: store it now.") }),
    },
  },
});

export const getDestinationOperation = defineOperation({
  method: "GET",
  path: "/integrations/destinations/{id}",
  operationId: "getEventDestination",
  tag: TAG,
  summary: "One destination.",
  auth,
  params: DestinationParams,
  responses: { 200: { description: "The destination.", schema: z.object({ destination: Destination }) } },
});

export const updateDestinationOperation = defineOperation({
  method: "POST",
  path: "/integrations/destinations/{id}",
  operationId: "updateEventDestination",
  tag: TAG,
  summary: "Changes a destination: name, URL, scope, event filter, enabled (enabling clears its failure streak).",
  auth,
  params: DestinationParams,
  body: UpdateDestinationInput,
  retry: "idempotency-key",
  responses: { 200: { description: "Changed.", schema: z.object({ destination: Destination }) } },
});

export const deleteDestinationOperation = defineOperation({
  method: "POST",
  path: "/integrations/destinations/{id}/delete",
  operationId: "deleteEventDestination",
  tag: TAG,
  summary: "Removes a destination and its delivery log.",
  auth,
  params: DestinationParams,
  retry: "idempotency-key",
  responses: { 200: { description: "Removed.", schema: z.object({ deleted: z.literal(true) }) } },
});

export const testDestinationOperation = defineOperation({
  method: "POST",
  path: "/integrations/destinations/{id}/test",
  operationId: "testEventDestination",
  tag: TAG,
  summary: "Queues a test event (destination.test) to this destination only.",
  auth,
  params: DestinationParams,
  retry: "idempotency-key",
  responses: { 202: { description: "Queued; its delivery shows in the log.", schema: z.object({ eventId: z.uuid() }) } },
  errors: { 409: "The destination is disabled." },
});

export const rotateDestinationSecretOperation = defineOperation({
  method: "POST",
  path: "/integrations/destinations/{id}/rotate-secret",
  operationId: "rotateEventDestinationSecret",
  tag: TAG,
  summary: "A new signing secret for a webhook, shown once; the old one keeps signing beside it for the grace period.",
  auth,
  params: DestinationParams,
  retry: "idempotency-key",
  responses: {
    200: {
      description: "Rotated.",
      schema: z.object({ secret: z.string(), previousValidUntil: z.string() }),
    },
  },
  errors: { 409: "Not a signed webhook." },
});

export const listDeliveriesOperation = defineOperation({
  method: "GET",
  path: "/integrations/destinations/{id}/deliveries",
  operationId: "listEventDeliveries",
  tag: TAG,
  summary: "The destination's delivery log, newest first: status, attempts, last error, response code.",
  auth,
  params: DestinationParams,
  responses: {
    200: { description: "The last 100 deliveries.", schema: z.object({ deliveries: z.array(named("EventDelivery", DeliveryView)) }) },
  },
});
