import { z } from "zod";

// The outgoing events' wire shapes: what a Slack channel, a Teams channel, a
// signed webhook or an approver's e-mail is told. Stable: a field is added,
// never renamed. No event carries a customer's e-mail address (free text is
// scrubbed of addresses before it is stored: server/events/emit-event.ts).

const Incident = z.object({ id: z.uuid(), slug: z.string(), name: z.string() });

/** A person who acted, by name only (staff, never customers). */
const Person = z.object({ id: z.uuid(), name: z.string() }).nullable();

const RequestRef = z.object({
  kind: z.enum(["bulk_action", "notice_campaign"]),
  id: z.uuid(),
  /** What a bulk action does ("hold", "reset"); a campaign's notice version. */
  action: z.string(),
  /** Accounts or messages. */
  total: z.number().int(),
  /** The request's page: where an approver approves. */
  url: z.url(),
});

const Counts = z.record(z.string(), z.number().int());

export const EVENT_SCHEMAS = {
  "approval.requested": z.object({
    incident: Incident,
    request: RequestRef,
    requestedBy: Person,
    note: z.string().nullable(),
    expiresAt: z.string().nullable(),
    approveUrl: z.url(),
  }),
  "approval.approved": z.object({ incident: Incident, request: RequestRef, decidedBy: Person, note: z.string().nullable() }),
  "approval.rejected": z.object({ incident: Incident, request: RequestRef, decidedBy: Person, note: z.string().nullable() }),
  "approval.expired": z.object({ incident: Incident, request: RequestRef }),
  "request.finished": z.object({ incident: Incident, request: RequestRef, status: z.string(), counts: Counts }),
  "bulk_action.paused": z.object({ incident: Incident, request: RequestRef, reason: z.string(), resumeAt: z.string() }),
  "timeline.milestone": z.object({
    incident: Incident,
    milestone: z.string(),
    title: z.string(),
    occurredAt: z.string(),
    url: z.url(),
  }),
  "obligation.due_soon": z.object({
    incident: Incident,
    obligation: z.object({ id: z.uuid(), title: z.string(), dueAt: z.string() }),
    url: z.url(),
  }),
  "obligation.overdue": z.object({
    incident: Incident,
    obligation: z.object({ id: z.uuid(), title: z.string(), dueAt: z.string() }),
    url: z.url(),
  }),
  "import.finished": z.object({ incident: Incident, importId: z.uuid(), rows: z.number().int(), imported: z.number().int() }),
  "import.failed": z.object({ incident: Incident, importId: z.uuid(), error: z.string() }),
  "exchange.signature_refused": z.object({ status: z.number().int(), detail: z.string() }),
  /** Sent by "send a test event" to one destination. */
  "destination.test": z.object({ destination: z.object({ id: z.uuid(), name: z.string() }), message: z.string() }),
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];
export type EventData<T extends EventType> = z.input<(typeof EVENT_SCHEMAS)[T]>;

export const EVENT_LABELS: Record<EventType, string> = {
  "approval.requested": "Approval requested",
  "approval.approved": "Request approved",
  "approval.rejected": "Request rejected",
  "approval.expired": "Request expired unapproved",
  "request.finished": "Bulk action or campaign finished",
  "bulk_action.paused": "Bulk action paused by the breaker",
  "timeline.milestone": "Milestone recorded",
  "obligation.due_soon": "Obligation due within 12 hours",
  "obligation.overdue": "Obligation overdue",
  "import.finished": "Import finished",
  "import.failed": "Import failed",
  "exchange.signature_refused": "The exchange refuses our signature",
  "destination.test": "Test event",
};

/** What a receiver gets (the body of a webhook; chat formats are built from it). */
export function eventEnvelopeSchema<T extends EventType>(type: T) {
  return z.object({
    id: z.uuid().describe("The event's id: the same on every delivery attempt (webhook-id). Drop a repeat."),
    type: z.literal(type),
    timestamp: z.string().describe("When it happened (ISO 8601)."),
    data: EVENT_SCHEMAS[type],
  });
}

export type EventEnvelope = { id: string; type: EventType; timestamp: string; data: Record<string, unknown> };

const EMAIL = /[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+\.[^\s@<>"'(),;:]+/g;

/** Free text with every e-mail address replaced: events never carry one. */
export function withoutEmailAddresses<T>(value: T): T {
  if (typeof value === "string") return value.replace(EMAIL, "[address removed]") as T;
  if (Array.isArray(value)) return value.map(withoutEmailAddresses) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutEmailAddresses(v)])) as T;
  }
  return value;
}
