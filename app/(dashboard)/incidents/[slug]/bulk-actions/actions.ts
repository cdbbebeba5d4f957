"use server";

import { z } from "zod";
import type { Permission } from "@/lib/auth/permissions";
import { formatCount } from "@/lib/format/numbers";
import type { BulkPollResult } from "@/lib/remediation/contracts";
import { defineAction, type ActionContext } from "@/server/action";
import type { CurrentUser } from "@/server/auth/session";
import { AppError } from "@/server/errors";
import {
  approveBulkAction,
  cancelBulkAction,
  pauseBulkAction,
  rejectBulkAction,
  resumeBulkAction,
  retryFailedItems,
} from "@/server/remediation/control-bulk-action";
import { getBulkActionView } from "@/server/remediation/get-bulk-action";
import { bulkLiveView } from "./live-view";

// The verbs on a bulk action, from its page and the incident's list. Each
// checks its own permission first, scopes the action to the incident of the
// URL, and leaves the state rules (four eyes, what may follow what) to the
// control functions.

const BulkActionScope = z.object({ slug: z.string().min(1).max(64), id: z.uuid() });
type Scope = z.output<typeof BulkActionScope>;
const NOT_FOUND = "No such bulk action.";

const revalidate = ({ incident, scope }: { incident: { slug: string }; scope: Scope }) => {
  const base = `/incidents/${encodeURIComponent(incident.slug)}`;
  return [`${base}/bulk-actions/${scope.id}`, `${base}/bulk-actions`, base];
};

/** A verb with no input of its own: `run` says what happened. */
function control(
  permission: Permission,
  run: (context: ActionContext<CurrentUser, Scope, undefined>) => Promise<string>,
) {
  return defineAction({
    permission,
    args: (slug: unknown, id: unknown) => ({ scope: { slug, id } }),
    scope: BulkActionScope,
    notFound: NOT_FOUND,
    run: async (context) => ({ ok: true as const, message: await run(context) }),
    revalidate,
  });
}

export const approveBulkActionAction = defineAction({
  permission: "bulk.approve",
  args: (slug: unknown, id: unknown, note: unknown, secondFactorCode?: unknown) => ({
    scope: { slug, id },
    input: { note: note ?? undefined, secondFactorCode: secondFactorCode ?? undefined },
  }),
  scope: BulkActionScope,
  notFound: NOT_FOUND,
  input: z.object({ note: z.string().max(1000).optional(), secondFactorCode: z.string().max(64).optional() }),
  // A recent second factor: a code typed into the prompt, or a fresh SSO sign-in.
  stepUp: "before-run",
  run: async ({ db, incident, scope, input, actor }) => {
    await approveBulkAction(db, scope.id, actor, { incidentId: incident.id, note: input.note?.trim() ? input.note : undefined });
    return { ok: true as const, message: "Approved: it starts now." };
  },
  revalidate,
});

export const rejectBulkActionAction = defineAction({
  permission: "bulk.approve",
  args: (slug: unknown, id: unknown, reason: unknown) => ({ scope: { slug, id }, input: { reason } }),
  scope: BulkActionScope,
  notFound: NOT_FOUND,
  // The reason's rules are rejectBulkAction's own.
  input: z.object({ reason: z.unknown().transform((v) => (typeof v === "string" ? v : "")) }),
  run: async ({ db, incident, scope, input, actor }) => {
    await rejectBulkAction(db, scope.id, actor, input.reason, { incidentId: incident.id });
    return { ok: true as const, message: "Rejected: nothing will be done." };
  },
  revalidate,
});

export const pauseBulkActionAction = control("bulk.request", async ({ db, incident, scope, actor }) => {
  await pauseBulkAction(db, scope.id, actor, { incidentId: incident.id });
  return "Paused: batches already started finish; no new ones start.";
});

export const resumeBulkActionAction = control("bulk.request", async ({ db, incident, scope, actor }) => {
  await resumeBulkAction(db, scope.id, actor, { incidentId: incident.id });
  return "Resumed.";
});

export const cancelBulkActionAction = control("bulk.request", async ({ db, incident, scope, actor }) => {
  const result = await cancelBulkAction(db, scope.id, actor, { incidentId: incident.id });
  return `Cancelled: ${formatCount(result.cancelledItems)} ${result.cancelledItems === 1 ? "account was" : "accounts were"} not started and will not be.`;
});

export const retryFailedItemsAction = control("bulk.request", async ({ db, incident, scope, actor }) => {
  const result = await retryFailedItems(db, scope.id, actor, { incidentId: incident.id });
  return `${formatCount(result.requeued)} failed ${result.requeued === 1 ? "account is" : "accounts are"} queued again.`;
});

/** The live progress of one bulk action (polled by its progress bar). */
export const getBulkProgressAction = defineAction({
  closedIncident: "allowed",
  permission: "incidents.read",
  args: (slug: unknown, id: unknown) => ({ scope: { slug, id } }),
  scope: BulkActionScope,
  notFound: NOT_FOUND,
  run: async ({ db, incident, scope }): Promise<BulkPollResult> => {
    const view = await getBulkActionView(db, scope.id, { incidentId: incident.id });
    if (!view) throw new AppError("NOT_FOUND", NOT_FOUND);
    return { ok: true, view: bulkLiveView(view) };
  },
  failure: "message",
});
