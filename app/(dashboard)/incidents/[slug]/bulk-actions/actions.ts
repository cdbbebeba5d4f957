"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { BulkPollResult } from "@/components/remediation/bulk-progress";
import type { ActionResult } from "@/lib/action-result";
import type { Permission } from "@/lib/auth/permissions";
import { formatCount } from "@/lib/format/numbers";
import { actionError } from "@/server/action-errors";
import { requireRecentSecondFactor } from "@/server/auth/step-up";
import { authorize } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { AppError } from "@/server/errors";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
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

const Scope = z.object({ slug: z.string().min(1).max(64), id: z.uuid() });

type Ctx = { incidentId: string; id: string; actor: { id: string; email: string } };

async function control(permission: Permission, slug: unknown, id: unknown, run: (ctx: Ctx) => Promise<string>): Promise<ActionResult> {
  try {
    const user = await authorize(permission);
    const scope = Scope.safeParse({ slug, id });
    if (!scope.success) throw new AppError("NOT_FOUND", "No such bulk action.");
    const db = await getDb();
    const incident = await getIncidentBySlugOrThrow(db, scope.data.slug);
    const message = await run({ incidentId: incident.id, id: scope.data.id, actor: { id: user.id, email: user.email } });
    const base = `/incidents/${encodeURIComponent(incident.slug)}`;
    revalidatePath(`${base}/bulk-actions/${scope.data.id}`);
    revalidatePath(`${base}/bulk-actions`);
    revalidatePath(base);
    return { ok: true, message };
  } catch (error) {
    return actionError(error);
  }
}

export async function approveBulkActionAction(
  slug: unknown,
  id: unknown,
  note: unknown,
  secondFactorCode?: unknown,
): Promise<ActionResult> {
  return control("bulk.approve", slug, id, async ({ incidentId, id, actor }) => {
    const text = z.string().max(1000).optional().parse(note ?? undefined);
    // Step-up: a recent second factor (a code typed into the prompt, or a fresh SSO sign-in).
    await requireRecentSecondFactor({ code: z.string().max(64).optional().parse(secondFactorCode ?? undefined) });
    await approveBulkAction(await getDb(), id, actor, { incidentId, note: text?.trim() ? text : undefined });
    return "Approved: it is running now.";
  });
}

export async function rejectBulkActionAction(slug: unknown, id: unknown, reason: unknown): Promise<ActionResult> {
  return control("bulk.approve", slug, id, async ({ incidentId, id, actor }) => {
    await rejectBulkAction(await getDb(), id, actor, typeof reason === "string" ? reason : "", { incidentId });
    return "Rejected: nothing will be done.";
  });
}

export async function pauseBulkActionAction(slug: unknown, id: unknown): Promise<ActionResult> {
  return control("bulk.request", slug, id, async ({ incidentId, id, actor }) => {
    await pauseBulkAction(await getDb(), id, actor, { incidentId });
    return "Paused: batches already started finish; no new ones start.";
  });
}

export async function resumeBulkActionAction(slug: unknown, id: unknown): Promise<ActionResult> {
  return control("bulk.request", slug, id, async ({ incidentId, id, actor }) => {
    await resumeBulkAction(await getDb(), id, actor, { incidentId });
    return "Resumed.";
  });
}

export async function cancelBulkActionAction(slug: unknown, id: unknown): Promise<ActionResult> {
  return control("bulk.request", slug, id, async ({ incidentId, id, actor }) => {
    const result = await cancelBulkAction(await getDb(), id, actor, { incidentId });
    return `Cancelled: ${formatCount(result.cancelledItems)} ${result.cancelledItems === 1 ? "account was" : "accounts were"} not started and will not be.`;
  });
}

export async function retryFailedItemsAction(slug: unknown, id: unknown): Promise<ActionResult> {
  return control("bulk.request", slug, id, async ({ incidentId, id, actor }) => {
    const result = await retryFailedItems(await getDb(), id, actor, { incidentId });
    return `${formatCount(result.requeued)} failed ${result.requeued === 1 ? "account is" : "accounts are"} queued again.`;
  });
}

/** The live progress of one bulk action (polled by its progress bar). */
export async function getBulkProgressAction(slug: unknown, id: unknown): Promise<BulkPollResult> {
  try {
    await authorize("incidents.read");
    const scope = Scope.safeParse({ slug, id });
    if (!scope.success) throw new AppError("NOT_FOUND", "No such bulk action.");
    const db = await getDb();
    const incident = await getIncidentBySlugOrThrow(db, scope.data.slug);
    const view = await getBulkActionView(db, scope.data.id, { incidentId: incident.id });
    if (!view) throw new AppError("NOT_FOUND", "No such bulk action.");
    return { ok: true, view: bulkLiveView(view) };
  } catch (error) {
    return { ok: false, message: actionError(error).message };
  }
}
