"use server";

import { z } from "zod";
import type { ActionResult } from "@/lib/action-result";
import { can, type Permission } from "@/lib/auth/permissions";
import { formatCount } from "@/lib/format/numbers";
import type { NoticePollResult } from "@/lib/notify/contracts";
import { defineAction, type ActionContext, type ActionInput } from "@/server/action";
import type { CurrentUser } from "@/server/auth/session";
import { AppError } from "@/server/errors";
import {
  approveNoticeCampaign,
  cancelNoticeCampaign,
  rejectNoticeCampaign,
  resolveInDoubtMessages,
} from "@/server/notify/control-notice-campaign";
import { getNoticeCampaignView } from "@/server/notify/get-notice-campaign";
import { previewNotice, type NoticePreview } from "@/server/notify/preview-notice";
import { previewNoticeAudience, type NoticeAudiencePreview } from "@/server/notify/preview-notice-audience";
import { requestNoticeCampaign } from "@/server/notify/request-notice-campaign";
import { NoticeTemplateInput, saveNoticeTemplate } from "@/server/notify/save-notice-template";
import { sendTestNotice } from "@/server/notify/send-test-notice";
import { noticeLiveView } from "./live-view";

// The customer notice's verbs. Each checks its permission first, then scopes
// everything to the incident of the URL; the rules (four eyes, escaping, one
// recipient per message) live in server/notify.

const IncidentScope = z.object({ slug: z.string().min(1).max(64) });
const CampaignScope = IncidentScope.extend({ id: z.uuid() });
type CampaignScope = z.output<typeof CampaignScope>;

const NO_INCIDENT = "No such incident.";
const NO_CAMPAIGN = "No such notice campaign.";

function revalidateNotices(
  { incident, scope }: { incident: { slug: string }; scope: { slug: string; id?: string } },
  campaignId = scope.id,
) {
  const base = `/incidents/${encodeURIComponent(incident.slug)}`;
  return campaignId ? [`${base}/notices`, `${base}/notices/${campaignId}`] : [`${base}/notices`];
}

const Draft = z.object({ subject: z.string().max(300), textBody: z.string().max(50_000), htmlBody: z.string().max(100_000) });
const AccountRef = z
  .string()
  .trim()
  .max(100)
  .optional()
  .transform((v) => v || undefined);

export const saveNoticeTemplateAction = defineAction({
  permission: "notices.compose",
  args: (slug: unknown, draft: unknown) => ({ scope: { slug }, input: draft }),
  scope: IncidentScope,
  notFound: NO_INCIDENT,
  input: NoticeTemplateInput,
  run: async ({ db, incident, input, actor }): Promise<ActionResult & { version?: number; templateId?: string }> => {
    const saved = await saveNoticeTemplate(db, incident.id, input, actor);
    return { ok: true, message: `Saved as version ${saved.version}.`, version: saved.version, templateId: saved.id };
  },
  revalidate: (context) => revalidateNotices(context),
});

export const previewNoticeAction = defineAction({
  closedIncident: "allowed",
  permission: "notices.compose",
  args: (slug: unknown, draft: unknown, accountId: unknown) => ({
    scope: { slug },
    input: { draft, accountId: accountId ?? undefined },
  }),
  scope: IncidentScope,
  notFound: NO_INCIDENT,
  input: z.object({ draft: Draft, accountId: AccountRef }),
  run: async ({ db, incident, input, user }): Promise<NoticePreview> =>
    previewNotice(db, incident, input.draft, input.accountId, { unmasked: can(user.role, "accounts.read_unmasked") }),
  failure: "message",
});

export const sendTestNoticeAction = defineAction({
  permission: "notices.compose",
  args: (slug: unknown, draft: unknown, accountId: unknown, staffIds: unknown) => ({
    scope: { slug },
    input: { draft, accountId: accountId ?? undefined, staffIds },
  }),
  scope: IncidentScope,
  notFound: NO_INCIDENT,
  input: z.object({ draft: Draft, accountId: AccountRef, staffIds: z.array(z.uuid()).max(10) }),
  run: async ({ db, incident, input, actor }): Promise<ActionResult> => {
    const results = await sendTestNotice(db, incident, input.draft, input.accountId, input.staffIds, actor);
    const failed = results.filter((r) => r.status !== "sent");
    if (failed.length > 0) {
      return { ok: false, message: `Not sent to ${failed.map((r) => `${r.to} (${r.response})`).join(", ")}.` };
    }
    return { ok: true, message: `Test sent to ${results.map((r) => r.to).join(", ")}.` };
  },
});

export const previewNoticeAudienceAction = defineAction({
  closedIncident: "allowed",
  permission: "notices.compose",
  args: (slug: unknown, audience: unknown) => ({ scope: { slug }, input: { audience: audience ?? "" } }),
  scope: IncidentScope,
  notFound: NO_INCIDENT,
  input: z.object({ audience: z.string().max(4000) }),
  run: async ({ db, incident, input, actor }): Promise<{ ok: true; preview: NoticeAudiencePreview }> => ({
    ok: true,
    preview: await previewNoticeAudience(db, incident, input.audience, actor),
  }),
  failure: "message",
});

export const requestNoticeCampaignAction = defineAction({
  permission: "notices.compose",
  args: (slug: unknown, input: unknown) => ({ scope: { slug }, input }),
  scope: IncidentScope,
  notFound: NO_INCIDENT,
  input: z.object({
    templateId: z.uuid(),
    audience: z.string().max(4000),
    expectedCount: z.number().int().min(0),
    requestKey: z.string().min(8).max(200),
  }),
  run: async ({ db, incident, input, actor }) => {
    const requested = await requestNoticeCampaign(db, incident, input, actor);
    return {
      ok: true as const,
      campaignId: requested.id,
      message:
        requested.status === "pending_approval"
          ? `Requested for ${formatCount(requested.total)} customers: a second person must approve it.`
          : `Sending to ${formatCount(requested.total)} customers.`,
    };
  },
  revalidate: (context, result) => revalidateNotices(context, result.campaignId),
});

/** A verb on one campaign: `input` its one argument besides the campaign, `run` says what happened. */
function control<I extends z.ZodType>(
  permission: Permission,
  input: I,
  run: (context: ActionContext<CurrentUser, CampaignScope, ActionInput<I>>) => Promise<string>,
) {
  return defineAction({
    permission,
    args: (slug: unknown, id: unknown, argument?: unknown) => ({ scope: { slug, id }, input: argument }),
    scope: CampaignScope,
    notFound: NO_CAMPAIGN,
    input,
    run: async (context) => ({ ok: true as const, message: await run(context) }),
    revalidate: (context) => revalidateNotices(context),
  });
}

const NoFields = z.unknown().transform(() => undefined);

export const approveNoticeCampaignAction = defineAction({
  permission: "notices.approve",
  args: (slug: unknown, id: unknown, note: unknown, secondFactorCode?: unknown) => ({
    scope: { slug, id },
    input: { note: note ?? undefined, secondFactorCode: secondFactorCode ?? undefined },
  }),
  scope: CampaignScope,
  notFound: NO_CAMPAIGN,
  input: z.object({ note: z.string().max(1000).optional(), secondFactorCode: z.string().max(64).optional() }),
  // A recent second factor (a code typed into the prompt, or a fresh SSO
  // sign-in), checked by approveNoticeCampaign after its own checks.
  stepUp: "by-data-function",
  run: async ({ db, incident, scope, input, actor, stepUp }) => {
    await approveNoticeCampaign(db, scope.id, actor, {
      incidentId: incident.id,
      note: input.note?.trim() ? input.note : undefined,
      stepUp,
    });
    return { ok: true as const, message: "Approved: sending now." };
  },
  revalidate: (context) => revalidateNotices(context),
});

export const rejectNoticeCampaignAction = control(
  "notices.approve",
  // The reason's rules are rejectNoticeCampaign's own.
  z.unknown().transform((reason) => (typeof reason === "string" ? reason : "")),
  async ({ db, incident, scope, input: reason, actor }) => {
    await rejectNoticeCampaign(db, scope.id, actor, reason, { incidentId: incident.id });
    return "Rejected: nothing will be sent.";
  },
);

export const cancelNoticeCampaignAction = control("notices.compose", NoFields, async ({ db, incident, scope, actor }) => {
  const result = await cancelNoticeCampaign(db, scope.id, actor, { incidentId: incident.id });
  return `Cancelled: ${formatCount(result.cancelledMessages)} messages will not be sent.`;
});

/** A person's answer for the in-doubt messages, after checking the relay's log: "sent" or "resend". */
export const resolveInDoubtAction = control(
  "notices.compose",
  z.enum(["sent", "resend"]),
  async ({ db, incident, scope, input: how, actor }) => {
    const result = await resolveInDoubtMessages(db, scope.id, actor, how, { incidentId: incident.id });
    return how === "sent"
      ? `${formatCount(result.resolved)} recorded as sent.`
      : `${formatCount(result.resolved)} queued to be sent again.`;
  },
);

/** The live progress of one campaign (polled by its progress bar). */
export const getNoticeProgressAction = defineAction({
  closedIncident: "allowed",
  permission: "incidents.read",
  args: (slug: unknown, id: unknown) => ({ scope: { slug }, input: { id } }),
  scope: IncidentScope,
  notFound: NO_INCIDENT,
  input: z.object({ id: z.unknown() }),
  run: async ({ db, incident, input }): Promise<NoticePollResult> => {
    const id = z.uuid().safeParse(input.id);
    const view = id.success ? await getNoticeCampaignView(db, incident.id, id.data) : null;
    if (!view) throw new AppError("NOT_FOUND", NO_CAMPAIGN);
    return { ok: true, view: noticeLiveView(view) };
  },
  failure: "message",
});
