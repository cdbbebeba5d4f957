"use server";

import { z } from "zod";
import type { ActionResult } from "@/lib/action-result";
import type { Permission } from "@/lib/auth/permissions";
import { RELEASE_CODES } from "@/lib/remediation/actions";
import { defineAction, formText } from "@/server/action";
import { AppError } from "@/server/errors";
import { extendHold, getActiveHoldOrThrow, runSingleAction } from "@/server/remediation/single-action";

// The account page's actions. Each checks its own permission, re-scopes the
// account to the incident, and carries a key made when the form was opened,
// so a double submit (or a retry after a dropped answer) acts once.

// externalId: the exchange's id, which the page's URL carries (revalidated after an action).
const AccountScope = z.object({
  slug: z.string().max(64),
  accountId: z.number().int().positive(),
  externalId: z.string().max(64).optional(),
});

const HoldHoursInput = z
  .string()
  .regex(/^(\d{1,4}|indefinite)$/, "Choose how long the hold lasts.")
  .transform((v) => (v === "indefinite" ? null : Number(v)));

const RequestKey = z.string().transform((v) => v || undefined);

function outcome(result: { status: string; message: string }) {
  if (result.status === "failed") throw new AppError("CONFLICT", result.message);
  return { ok: true as const, message: result.message };
}

/** The page is bound to its account (`scope`); the form says the rest. */
function accountAction<I extends z.ZodType>(
  permission: Permission,
  input: I,
  run: Parameters<typeof defineAction<[unknown, ActionResult | null, FormData], ActionResult, typeof AccountScope, I>>[0]["run"],
) {
  return defineAction({
    permission,
    args: (scope: unknown, _previous: ActionResult | null, form: FormData) => ({ scope, input: form }),
    scope: AccountScope,
    input,
    run,
    revalidate: ({ scope }) => [
      `/incidents/${encodeURIComponent(scope.slug)}/accounts/${encodeURIComponent(scope.externalId ?? String(scope.accountId))}`,
    ],
  });
}

const Form = z.instanceof(FormData);

export const forceResetAction = accountAction(
  "accounts.reset",
  Form.transform((form) => ({ reason: formText(form, "reason"), requestKey: RequestKey.parse(formText(form, "requestKey")) })),
  async ({ db, incident, scope, input, actor }) =>
    outcome(await runSingleAction(db, incident, scope.accountId, { kind: "password_reset", ...input }, actor)),
);

export const placeHoldAction = accountAction(
  "holds.place",
  Form.transform((form) => ({
    reason: formText(form, "reason"),
    holdHours: HoldHoursInput.parse(formText(form, "holdHours")),
    requestKey: RequestKey.parse(formText(form, "requestKey")),
  })),
  async ({ db, incident, scope, input, actor }) =>
    outcome(await runSingleAction(db, incident, scope.accountId, { kind: "withdrawal_hold", ...input }, actor)),
);

export const releaseHoldAction = accountAction(
  "holds.release",
  Form.transform((form) => ({
    releaseCode: z.enum(RELEASE_CODES, { error: "Choose a release reason." }).parse(formText(form, "releaseCode")),
    reason: formText(form, "reason"),
    confirmCritical: formText(form, "confirmCritical") === "yes",
    requestKey: RequestKey.parse(formText(form, "requestKey")),
  })),
  async ({ db, incident, scope, input, actor }) =>
    outcome(await runSingleAction(db, incident, scope.accountId, { kind: "hold_release", ...input }, actor)),
);

export const extendHoldAction = accountAction(
  "holds.place",
  Form.transform((form) => ({
    holdId: z.uuid().parse(formText(form, "holdId")),
    hours: HoldHoursInput.parse(formText(form, "holdHours")),
    reason: formText(form, "reason"),
  })),
  async ({ db, incident, scope, input, actor }) => {
    const hold = await getActiveHoldOrThrow(db, incident.id, input.holdId);
    if (hold.accountId !== scope.accountId) throw new AppError("NOT_FOUND", "No such hold on this account.");
    await extendHold(db, incident, input.holdId, { hours: input.hours, reason: input.reason }, actor);
    return {
      ok: true as const,
      message: input.hours === null ? "The hold now lasts until released." : `The hold now ends in ${input.hours} hours.`,
    };
  },
);
