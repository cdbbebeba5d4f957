"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionResult } from "@/lib/action-result";
import type { Permission } from "@/lib/auth/permissions";
import { RELEASE_CODES } from "@/lib/remediation/actions";
import { actionError } from "@/server/action-errors";
import { authorize } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { AppError } from "@/server/errors";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { extendHold, getActiveHoldOrThrow, runSingleAction } from "@/server/remediation/single-action";

// The account page's actions. Each checks its own permission, re-scopes the
// account to the incident, and carries a key made when the form was opened,
// so a double submit (or a retry after a dropped answer) acts once.

const Scope = z.object({ slug: z.string().max(64), accountId: z.number().int().positive() });

const HoldHoursInput = z
  .string()
  .regex(/^(\d{1,4}|indefinite)$/, "Choose how long the hold lasts.")
  .transform((v) => (v === "indefinite" ? null : Number(v)));

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

async function act(permission: Permission, scope: unknown, run: (ctx: { incident: { id: string; slug: string }; accountId: number; actor: { id: string; email: string } }) => Promise<string>): Promise<ActionResult> {
  try {
    const user = await authorize(permission);
    const { slug, accountId } = Scope.parse(scope);
    const db = await getDb();
    const incident = await getIncidentBySlugOrThrow(db, slug);
    const message = await run({ incident, accountId, actor: { id: user.id, email: user.email } });
    revalidatePath(`/incidents/${slug}/accounts/${accountId}`);
    return { ok: true, message };
  } catch (error) {
    return actionError(error);
  }
}

function outcome(result: { status: string; message: string }): string {
  if (result.status === "failed") throw new AppError("CONFLICT", result.message);
  return result.message;
}

export async function forceResetAction(scope: unknown, _prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  return act("accounts.reset", scope, async ({ incident, accountId, actor }) =>
    outcome(
      await runSingleAction(await getDb(), incident, accountId, {
        kind: "password_reset",
        reason: text(form, "reason"),
        requestKey: text(form, "requestKey") || undefined,
      }, actor),
    ),
  );
}

export async function placeHoldAction(scope: unknown, _prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  return act("holds.place", scope, async ({ incident, accountId, actor }) =>
    outcome(
      await runSingleAction(await getDb(), incident, accountId, {
        kind: "withdrawal_hold",
        reason: text(form, "reason"),
        holdHours: HoldHoursInput.parse(text(form, "holdHours")),
        requestKey: text(form, "requestKey") || undefined,
      }, actor),
    ),
  );
}

export async function releaseHoldAction(scope: unknown, _prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  return act("holds.release", scope, async ({ incident, accountId, actor }) => {
    const code = z.enum(RELEASE_CODES, { error: "Choose a release reason." }).parse(text(form, "releaseCode"));
    return outcome(
      await runSingleAction(await getDb(), incident, accountId, {
        kind: "hold_release",
        releaseCode: code,
        reason: text(form, "reason"),
        confirmCritical: text(form, "confirmCritical") === "yes",
        requestKey: text(form, "requestKey") || undefined,
      }, actor),
    );
  });
}

export async function extendHoldAction(scope: unknown, _prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  return act("holds.place", scope, async ({ incident, accountId, actor }) => {
    const db = await getDb();
    const holdId = z.uuid().parse(text(form, "holdId"));
    const hold = await getActiveHoldOrThrow(db, incident.id, holdId);
    if (hold.accountId !== accountId) throw new AppError("NOT_FOUND", "No such hold on this account.");
    const hours = HoldHoursInput.parse(text(form, "holdHours"));
    await extendHold(db, incident, holdId, { hours, reason: text(form, "reason") }, actor);
    return hours === null ? "The hold now lasts until released." : `The hold now ends in ${hours} hours.`;
  });
}
