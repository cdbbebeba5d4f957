import { z } from "zod";
import { AddDestinationInput, DESTINATION_KINDS } from "../../../lib/siem/destination-input";
import { defineOperation } from "../operation";
import { named } from "../schemas/named";
import { NullableTime, Time } from "../schemas/common";

const ForwardDestination = named(
  "AuditForwardDestination",
  z.object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(DESTINATION_KINDS),
    host: z.string().nullable(),
    port: z.number().int().nullable(),
    url: z.string().nullable(),
    hasCa: z.boolean().meta({ description: "A CA certificate is pinned for the receiver's TLS." }),
    hasToken: z.boolean().meta({ description: "A token is stored (sealed; never shown)." }),
    enabled: z.boolean(),
    cursorId: z.number().int().meta({ description: "The last audit entry the receiver took." }),
    lag: z.number().int().meta({ description: "Entries behind the chain's head (head id − cursor)." }),
    forwarded: z.number().int(),
    state: z.enum(["ok", "retrying", "breaker-open", "disabled"]),
    failuresInARow: z.number().int(),
    runAfter: Time,
    lastError: z.string().nullable(),
    lastErrorAt: NullableTime,
    lastSentAt: NullableTime,
    createdAt: Time,
  }),
);

const FORWARDING_SCOPE =
  "Admins only (audit.forwarding); a token bound to one incident is refused (the log is global).";

export const listAuditForwardingOperation = defineOperation({
  method: "GET",
  path: "/audit/forwarding",
  operationId: "listAuditForwardDestinations",
  tag: "Audit",
  summary:
    "Where the audit log is forwarded (syslog, Splunk HEC, Elastic), with each destination's cursor, lag and last error.",
  description: FORWARDING_SCOPE,
  auth: { kind: "staff", permission: "audit.forwarding" },
  responses: {
    200: { description: "The destinations.", schema: z.object({ destinations: z.array(ForwardDestination) }) },
  },
});

export const addAuditForwardingOperation = defineOperation({
  method: "POST",
  path: "/audit/forwarding",
  operationId: "addAuditForwardDestination",
  tag: "Audit",
  summary:
    "Starts forwarding every audit entry, from the first, to a SIEM; the token is stored sealed and never returned.",
  description: `${FORWARDING_SCOPE} Syslog takes host and port (syslog_tls: the receiver's CA as PEM); HEC and Elastic take an https URL (Elastic: the index's URL, \`_bulk\` is appended).`,
  auth: { kind: "staff", permission: "audit.forwarding" },
  body: AddDestinationInput,
  retry: "idempotency-key",
  responses: { 201: { description: "Added.", schema: z.object({ destination: ForwardDestination }) } },
  errors: { 409: "A destination with that name exists, or an Idempotency-Key still in use by its first request." },
});

export const removeAuditForwardingOperation = defineOperation({
  method: "POST",
  path: "/audit/forwarding/{destinationId}/remove",
  operationId: "removeAuditForwardDestination",
  tag: "Audit",
  summary: "Stops forwarding to a destination (what it received stays there).",
  description: FORWARDING_SCOPE,
  auth: { kind: "staff", permission: "audit.forwarding" },
  params: z.object({ destinationId: z.uuid() }),
  retry: "idempotency-key",
  responses: { 200: { description: "Removed.", schema: z.object({ destination: ForwardDestination }) } },
});
