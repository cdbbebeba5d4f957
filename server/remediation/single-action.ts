import { z } from "zod";
import { effectKey, itemErrorText, RELEASE_CODES, type ActionKind } from "../../lib/remediation/actions";
import { ACCOUNT_AUDIT_TARGET } from "../accounts/list-account-audit";
import { recordAudit, type StaffActor } from "../audit/record-audit";
import type { Db } from "../db";
import { sqlOf } from "../db/prisma-sql";
import { AppError } from "../errors";
import type { AccountProvider, ExternalApplyOutcome } from "../providers/account-provider";
import { accountProvider } from "../providers/provider-from-env";
import { newWorkerId } from "../jobs/worker-id";
import { processBatch } from "./run-batch";
import {
  clearHoldExtending,
  holdExtendingNow,
  LATE_CALL_MARGIN_SECONDS,
  markHoldExtending,
  releaseInTheWay,
} from "./sql/hold-extension";
import { ActionReasonInput, BulkActionKindInput, HoldHoursInput } from "./bulk-action-input";
import { requestBulkAction } from "./request-bulk-action";

export const SingleActionInput = z.object({
  kind: BulkActionKindInput,
  reason: ActionReasonInput,
  holdHours: HoldHoursInput.nullish(),
  releaseCode: z.enum(RELEASE_CODES).optional(),
  confirmCritical: z.boolean().default(false),
  requestKey: z.string().trim().min(8).max(200).optional(),
});
export type SingleActionInput = z.input<typeof SingleActionInput>;

export type SingleActionResult = {
  bulkActionId: string;
  status: "succeeded" | "skipped" | "failed" | "queued" | "in_progress" | "cancelled";
  message: string;
  replayed: boolean;
};

/**
 * One action on one account, from the account page or the API: a bulk action
 * of one account (one execution path, one audit trail), run at once by this
 * process. If the process dies before it finishes, its lease runs out and a
 * worker completes it.
 */
export async function runSingleAction(
  db: Db,
  incident: { id: string },
  accountId: number,
  rawInput: SingleActionInput,
  actor: StaffActor,
  options: { at?: Date; provider?: AccountProvider } = {},
): Promise<SingleActionResult> {
  const input = SingleActionInput.parse(rawInput);
  const [triage] = await db.sql.query<{ id: number }>(
    `SELECT id FROM triage_entries WHERE incident_id = $1::uuid AND account_id = $2`,
    [incident.id, accountId],
  );
  if (!triage) throw new AppError("NOT_FOUND", "This account is not exposed in this incident.");
  const workerId = newWorkerId("single");
  const requested = await requestBulkAction(
    db,
    incident,
    { ...input, selection: { kind: "ids", ids: [triage.id] } },
    actor,
    { origin: "single", at: options.at, leaseTo: workerId },
  );
  if (!requested.replayed) {
    await processBatch(
      db,
      { bulkActionId: requested.id, batchNo: 1, lastBatchNo: 1, firstSeq: 1, lastSeq: 1, attempts: 1 },
      { workerId, provider: options.provider ?? accountProvider(), clock: options.at ? () => options.at! : undefined },
    );
  }
  const [item] = await db.sql.query<{ status: SingleActionResult["status"]; last_error: string | null }>(
    `SELECT status::text AS status, last_error FROM bulk_action_items WHERE bulk_action_id = $1::uuid AND seq = 1`,
    [requested.id],
  );
  const status = item?.status ?? "queued";
  const messages: Record<ActionKind, string> = {
    password_reset: "Password reset forced: the customer must choose a new password; sessions and API keys revoked.",
    withdrawal_hold: "Withdrawals held.",
    hold_release: "Hold released.",
  };
  const message =
    status === "succeeded"
      ? messages[input.kind]
      : status === "skipped"
        ? `Nothing done: ${itemErrorText(item?.last_error ?? null) ?? "not needed"}.`
        : status === "failed"
          ? `Failed: ${item?.last_error ?? "unknown error"}.`
          : "Queued: a worker will finish it.";
  return { bulkActionId: requested.id, status, message, replayed: requested.replayed };
}

/** The account a hold belongs to, for releasing it by the hold's id. */
export async function getActiveHoldOrThrow(db: Db, incidentId: string, holdId: string) {
  const hold = await db.prisma.withdrawalHold.findFirst({ where: { id: holdId, incidentId } });
  if (!hold) throw new AppError("NOT_FOUND", "No such hold in this incident.");
  if (hold.status !== "active" || (hold.expiresAt && hold.expiresAt.getTime() <= Date.now())) {
    throw new AppError("CONFLICT", "This hold is no longer active.");
  }
  return hold;
}

/** How long an extension waits for the exchange (releases wait LATE_CALL_MARGIN_SECONDS longer). */
const EXTEND_CALL_SECONDS = 60;
/** A hold this close to its end is not extended at an external exchange (its clock may differ from ours). */
const EXTEND_MIN_LEFT_MS = 5 * 60_000;

export const ExtendHoldInput = z.object({
  /** Hours from now; null makes the hold indefinite (until released by hand). */
  hours: HoldHoursInput.nullable(),
  reason: ActionReasonInput,
});

/**
 * Extends an active hold (or makes it indefinite): the provider's side gets
 * the new end under a key of its own, Breachdesk's records follow, audited.
 */
export async function extendHold(
  db: Db,
  incident: { id: string },
  holdId: string,
  rawInput: z.input<typeof ExtendHoldInput>,
  actor: StaffActor,
  options: { at?: Date; provider?: AccountProvider } = {},
) {
  const input = ExtendHoldInput.parse(rawInput);
  const at = options.at ?? new Date();
  const provider = options.provider ?? accountProvider();
  const hold = await getActiveHoldOrThrow(db, incident.id, holdId);
  const until = input.hours === null ? null : new Date(at.getTime() + input.hours * 3_600_000);
  const account = await db.prisma.customerAccount.findUniqueOrThrow({ where: { id: hold.accountId }, select: { externalId: true } });
  const effect = {
    idempotencyKey: `${effectKey(holdId, hold.accountId, "withdrawal_hold")}:extend:${at.getTime()}`,
    accountId: hold.accountId,
    externalId: account.externalId,
    kind: "withdrawal_hold" as const,
    holdUntil: until,
  };
  if (!provider.transactional) {
    // The exchange, or the expiry sweep, could end the hold while the
    // extension is on its way; the extension would then hold the account
    // again, unrecorded.
    if (hold.expiresAt && hold.expiresAt.getTime() - Date.now() < EXTEND_MIN_LEFT_MS)
      throw new AppError("CONFLICT", "This hold ends within five minutes, too soon to extend it safely. Let it end, then place a new hold.");
    // The exchange first: Breachdesk's records follow only what it applied.
    // The hold is marked as being extended for the call, so that no release
    // crosses it on the wire (sql/hold-extension.ts).
    const mark = { incidentId: incident.id, accountId: hold.accountId, holdId };
    await db.sql.transaction(async (tx) => {
      if (!(await markHoldExtending(tx, mark, EXTEND_CALL_SECONDS + LATE_CALL_MARGIN_SECONDS))) {
        if (await holdExtendingNow(tx, incident.id, hold.accountId))
          throw new AppError("CONFLICT", "Another extension of this hold is under way. Nothing was changed; try again in two minutes.");
        throw new AppError("CONFLICT", "This hold is no longer active.");
      }
      const release = await releaseInTheWay(tx, incident.id, hold.accountId, at);
      if (release === "pending") throw new AppError("CONFLICT", "A release of this hold is queued or under way. Nothing was changed.");
      if (release === "may_land")
        throw new AppError(
          "CONFLICT",
          "A release of this hold was given up on moments ago and may still reach the exchange. Nothing was changed; try again in a minute.",
        );
    });
    const signal = AbortSignal.timeout(EXTEND_CALL_SECONDS * 1000);
    let outcome: ExternalApplyOutcome | null = null;
    try {
      outcome = await provider.apply([effect], { signal });
    } catch (error) {
      if (!signal.aborted) throw error;
      // Given up waiting. The call may still land at the exchange: the mark
      // stays until its margin has passed, and releases wait for it.
    }
    const result = outcome?.results[0];
    if (!result)
      throw new AppError(
        "CONFLICT",
        `${outcome?.unavailable ?? `The exchange did not answer within ${EXTEND_CALL_SECONDS} s.`} The hold may have been extended there; Breachdesk still shows its old end. Try again in two minutes.`,
      );
    if (!result.ok) {
      // A definite no, or never sent: nothing of this extension is on the wire.
      if (!result.retryable || result.calls === 0) await clearHoldExtending(db.sql, incident.id, hold.accountId);
      throw new AppError("CONFLICT", `The exchange did not extend the hold: ${result.error}. Nothing was changed; try again.`);
    }
  }
  return db.prisma.$transaction(async (ptx) => {
    const tx = sqlOf(ptx, db.sql.kind);
    const changed = await tx.run(
      `UPDATE withdrawal_holds SET expires_at = $2::timestamptz WHERE id = $1::uuid AND status = 'active'`,
      [holdId, until?.toISOString() ?? null],
    );
    if (changed === 0) throw new AppError("CONFLICT", "This hold is no longer active.");
    // The extension's mark ends with it (after the hold's row: the lock order of every writer of both).
    await tx.run(
      `UPDATE account_remediation SET hold_until = $3::timestamptz, updated_at = $4::timestamptz, hold_extending_until = NULL
        WHERE incident_id = $1::uuid AND account_id = $2 AND hold_id = $5::uuid`,
      [incident.id, hold.accountId, until?.toISOString() ?? null, at.toISOString(), holdId],
    );
    if (provider.transactional) await provider.apply(tx, [effect], at);
    await recordAudit(ptx, {
      actor,
      at,
      action: "remediation.withdrawal_hold_extended",
      incidentId: incident.id,
      targetType: ACCOUNT_AUDIT_TARGET,
      targetId: String(hold.accountId),
      detail: { holdId, from: hold.expiresAt?.toISOString() ?? null, until: until?.toISOString() ?? null, reason: input.reason },
    });
    return { holdId, expiresAt: until };
  });
}
