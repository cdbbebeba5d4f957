import { z } from "zod";
import { RejectionReasonInput } from "../../jobs/four-eyes-flow";
import { defineOperation } from "../operation";
import { named } from "../schemas/named";
import { NullableTime, Slug, SlugParams, Time, uuidParam } from "../schemas/common";

const NoticeCampaign = named(
  "NoticeCampaign",
  z.object({
    id: z.string(),
    status: z.enum(["pending_approval", "rejected", "expired", "running", "paused", "cancelled", "completed"]),
    audience: z.string().meta({ description: "The triage query the audience was chosen by (frozen at the request)." }),
    templateVersion: z.number().int(),
    total: z.number().int(),
    sent: z.number().int(),
    deferred: z.number().int(),
    bounced: z.number().int(),
    failed: z.number().int(),
    inDoubt: z.number().int(),
    cancelled: z.number().int(),
    remaining: z.number().int(),
    needsApproval: z.boolean(),
    requestedBy: z.string().nullable(),
    decidedBy: z.string().nullable(),
    createdAt: Time,
    expiresAt: NullableTime,
    startedAt: NullableTime,
    finishedAt: NullableTime,
  }),
);
const CampaignAnswer = z.object({ campaign: NoticeCampaign });
const CampaignParams = z.object({ slug: Slug, campaignId: uuidParam("No such notice campaign.") });

export const NoticeCampaignSummary = named(
  "NoticeCampaignSummary",
  NoticeCampaign.pick({
    id: true,
    status: true,
    audience: true,
    templateVersion: true,
    total: true,
    sent: true,
    bounced: true,
    failed: true,
    inDoubt: true,
    cancelled: true,
    createdAt: true,
    finishedAt: true,
  }).extend({ requestedByName: z.string().nullable() }),
);

export const listNoticesOperation = defineOperation({
  method: "GET",
  path: "/incidents/{slug}/notices",
  operationId: "listNoticeCampaigns",
  tag: "Customer notices",
  summary: "The incident's notice campaigns, newest first, as the Notices page lists them.",
  auth: { kind: "staff", permission: "incidents.read" },
  params: SlugParams,
  responses: {
    200: { description: "The campaigns.", schema: z.object({ campaigns: z.array(NoticeCampaignSummary) }) },
  },
});

export const requestNoticeOperation = defineOperation({
  method: "POST",
  path: "/incidents/{slug}/notices",
  operationId: "requestNoticeCampaign",
  tag: "Customer notices",
  summary: "Requests a customer notice campaign; the audience is frozen now.",
  description:
    '"running" at or below the four-eyes threshold, else "pending_approval" until a different person approves it. ' +
    "With `expectedCount`, an audience that changed since the preview is refused (409).",
  auth: { kind: "staff", permission: "notices.compose" },
  params: SlugParams,
  body: z.object({
    templateId: z.uuid(),
    audience: z
      .string()
      .max(4000)
      .default("")
      .meta({ description: "A triage query (the Exposed accounts table's URL query)." }),
    expectedCount: z.number().int().min(0).optional(),
  }),
  retry: "idempotency-key",
  responses: { 201: { description: "Requested.", schema: CampaignAnswer } },
  errors: { 409: "The audience's count differs from expectedCount, or the key is still in use." },
});

export const getNoticeOperation = defineOperation({
  method: "GET",
  path: "/incidents/{slug}/notices/{campaignId}",
  operationId: "getNoticeCampaign",
  tag: "Customer notices",
  summary: "A campaign's status and counts (sent, deferred, bounced, failed, in doubt, remaining), for polling.",
  auth: { kind: "staff", permission: "incidents.read" },
  params: CampaignParams,
  responses: { 200: { description: "The campaign as it is now.", schema: CampaignAnswer } },
});

export const approveNoticeOperation = defineOperation({
  method: "POST",
  path: "/incidents/{slug}/notices/{campaignId}/approve",
  operationId: "approveNoticeCampaign",
  tag: "Customer notices",
  summary: "Approves a campaign awaiting approval (four eyes: never the requester's own).",
  description:
    "Step-up: the signed-in person's second factor must be recent (403 STEP_UP_REQUIRED otherwise: confirm in the app, then call again). " +
    "**An API token can never approve (403)**: sending to customers is a person's decision, made with their second factor.",
  auth: { kind: "staff", permission: "notices.approve" },
  params: CampaignParams,
  body: z.object({ note: z.string().trim().max(1000).optional() }),
  retry: "idempotency-key",
  responses: { 200: { description: "Approved: sending.", schema: CampaignAnswer } },
  errors: {
    409: "Not awaiting approval.",
    403: "The caller's own request (four eyes), the role lacks notices.approve, an API token, or a second factor that is not recent (STEP_UP_REQUIRED).",
  },
});

export const rejectNoticeOperation = defineOperation({
  method: "POST",
  path: "/incidents/{slug}/notices/{campaignId}/reject",
  operationId: "rejectNoticeCampaign",
  tag: "Customer notices",
  summary: "Rejects a campaign awaiting approval. Nothing is sent.",
  auth: { kind: "staff", permission: "notices.approve" },
  params: CampaignParams,
  body: z.object({ reason: RejectionReasonInput }),
  retry: "idempotency-key",
  responses: { 200: { description: "Rejected.", schema: CampaignAnswer } },
  errors: { 409: "Not awaiting approval." },
});

export const cancelNoticeOperation = defineOperation({
  method: "POST",
  path: "/incidents/{slug}/notices/{campaignId}/cancel",
  operationId: "cancelNoticeCampaign",
  tag: "Customer notices",
  summary: "Stops a campaign (or withdraws its request): messages not yet handed to the relay are cancelled.",
  auth: { kind: "staff", permission: "notices.compose" },
  params: CampaignParams,
  body: z.object({}).strict().meta({ description: "No body, or an empty object." }),
  retry: "idempotency-key",
  responses: { 200: { description: "Cancelled.", schema: CampaignAnswer } },
  errors: { 409: "Already finished." },
});
