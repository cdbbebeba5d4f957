import { z } from "zod";
import { RETENTION_BOUNDS } from "../../../lib/closing/retention";
import { RejectionReasonInput } from "../../jobs/four-eyes-flow";
import { defineOperation } from "../operation";
import { named } from "../schemas/named";
import { NullableTime, Slug, SlugParams, Time, uuidParam } from "../schemas/common";

const CloseState = named(
  "IncidentCloseState",
  z.object({
    incident: z.object({
      slug: z.string(),
      status: z.enum(["open", "contained", "closed"]),
      closedAt: NullableTime,
      pseudonymiseAt: NullableTime.meta({ description: "When the personal data is pseudonymised (set at close)." }),
      eraseAt: NullableTime.meta({ description: "When the pseudonymised remainder is erased (set at close)." }),
      pseudonymisedAt: NullableTime,
      erasedAt: NullableTime,
    }),
    checklist: z.object({
      ok: z.boolean().meta({ description: "Every item passes: a close may be requested." }),
      items: z.array(
        z.object({
          key: z.enum(["obligations", "work", "holds", "report"]),
          label: z.string(),
          ok: z.boolean(),
          detail: z.string().meta({ description: "What the item found, with counts." }),
          fixUrl: z.string().meta({ description: "The app's page where it is fixed." }),
        }),
      ),
    }),
    retentionDefaults: z.object({ pseudonymiseDays: z.number().int(), eraseDays: z.number().int() }),
    requests: z.array(
      z.object({
        id: z.string(),
        status: z.enum(["pending_approval", "rejected", "expired", "running", "cancelled", "completed"]),
        pseudonymiseDays: z.number().int(),
        eraseDays: z.number().int(),
        reason: z.string(),
        requestedBy: z.string().nullable(),
        decidedBy: z.string().nullable(),
        decisionNote: z.string().nullable(),
        createdAt: Time,
        expiresAt: NullableTime,
        decidedAt: NullableTime,
      }),
    ),
  }),
);

const RequestParams = z.object({ slug: Slug, requestId: uuidParam("No such close request.") });

export const getCloseOperation = defineOperation({
  method: "GET",
  path: "/incidents/{slug}/close",
  operationId: "getIncidentClose",
  tag: "Closing",
  summary: "The close checklist (each item pass or fail, with counts and where it is fixed), the close requests and the retention schedule.",
  auth: { kind: "staff", permission: "incidents.read" },
  params: SlugParams,
  responses: { 200: { description: "The incident's close state.", schema: CloseState } },
});

export const requestCloseOperation = defineOperation({
  method: "POST",
  path: "/incidents/{slug}/close/requests",
  operationId: "requestIncidentClose",
  tag: "Closing",
  summary: "Requests to close the incident with a retention schedule; a different person with incidents.close approves.",
  description:
    "Refused (409) unless the checklist passes as the database stands at the request, or while another close request awaits approval. " +
    `Days default to the configured schedule; pseudonymiseDays ${RETENTION_BOUNDS.pseudonymiseDays.min}–${RETENTION_BOUNDS.pseudonymiseDays.max}, ` +
    `eraseDays ${RETENTION_BOUNDS.eraseDays.min}–${RETENTION_BOUNDS.eraseDays.max} and more than pseudonymiseDays.`,
  auth: { kind: "staff", permission: "incidents.close" },
  params: SlugParams,
  body: z.object({
    pseudonymiseDays: z.number().int().optional(),
    eraseDays: z.number().int().optional(),
    reason: z.string().max(2000).optional(),
  }),
  retry: "idempotency-key",
  responses: { 201: { description: "Requested: awaiting approval.", schema: CloseState } },
  errors: { 409: "The checklist fails, the incident is closed, or a close request already awaits approval." },
});

export const approveCloseOperation = defineOperation({
  method: "POST",
  path: "/incidents/{slug}/close/requests/{requestId}/approve",
  operationId: "approveIncidentClose",
  tag: "Closing",
  summary: "Approves a close request (four eyes: never the requester's own): the incident closes now, read-only, with its retention schedule.",
  description:
    "Step-up: the signed-in person's second factor must be recent (403 STEP_UP_REQUIRED otherwise). An API token can never approve (403). " +
    "The checklist is judged again: work started since the request refuses the approval (409).",
  auth: { kind: "staff", permission: "incidents.close" },
  params: RequestParams,
  body: z.object({ note: z.string().trim().max(1000).optional() }),
  retry: "idempotency-key",
  responses: { 200: { description: "Approved: the incident is closed.", schema: CloseState } },
  errors: {
    409: "Not awaiting approval, expired, or the checklist no longer passes.",
    403: "The caller's own request (four eyes), an API token, or a second factor that is not recent (STEP_UP_REQUIRED).",
  },
});

export const rejectCloseOperation = defineOperation({
  method: "POST",
  path: "/incidents/{slug}/close/requests/{requestId}/reject",
  operationId: "rejectIncidentClose",
  tag: "Closing",
  summary: "Rejects a close request with a reason: the incident stays open.",
  auth: { kind: "staff", permission: "incidents.close" },
  params: RequestParams,
  body: z.object({ reason: RejectionReasonInput }),
  retry: "idempotency-key",
  responses: { 200: { description: "Rejected.", schema: CloseState } },
  errors: { 409: "Not awaiting approval." },
});

export const reopenOperation = defineOperation({
  method: "POST",
  path: "/incidents/{slug}/reopen",
  operationId: "reopenIncident",
  tag: "Closing",
  summary: "Reopens a closed incident, with a reason; refused once forgetting its personal data has begun.",
  auth: { kind: "staff", permission: "incidents.close" },
  params: SlugParams,
  body: z.object({ reason: z.string().max(2000) }),
  retry: "idempotency-key",
  closedIncident: "allowed",
  responses: { 200: { description: "Reopened: the incident is open again.", schema: CloseState } },
  errors: { 409: "Not closed, or a forget run has begun (pseudonymisation or erasure)." },
});
