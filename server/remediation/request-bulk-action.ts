import { requestFingerprint } from "../../lib/request-fingerprint";
import { ACTION_KIND_LABELS, SKIP_REASON_LABELS } from "../../lib/remediation/actions";
import { formatCount, formatReasonCounts } from "../../lib/format/numbers";
import type { StaffActor } from "../audit/record-audit";
import type { Db } from "../db";
import { AppError } from "../errors";
import { FOUR_EYES_WINDOW_HOURS, type RequestedStatus } from "../jobs/four-eyes";
import { decideAtRequest, recordRequested, requestOnce } from "../jobs/four-eyes-flow";
import { bulkActionRequests } from "./bulk-action-requests";
import { bulkActionFourEyesWork } from "./four-eyes-work";
import { RequestBulkActionInput } from "./bulk-action-input";
import {
  classifiedSql,
  countClassified,
  countUnknownAccountIds,
  digestClassified,
  type SkipCounts,
} from "./preview-bulk-action";
import { remediationConfig, workBatchSize } from "./remediation-config";

export type RequestedBulkAction = {
  id: string;
  status: RequestedStatus;
  total: number;
  skipped: SkipCounts;
  /** True when the request key had already been used: this is the first request, replayed. */
  replayed: boolean;
};

export type RequestOptions = {
  origin?: "bulk" | "single" | "recommendation";
  at?: Date;
  /** Single actions: the batch starts leased to the caller, who runs it at once. */
  leaseTo?: string;
  /** A chosen id (the demo's, so that tests can name it); a new UUID otherwise. */
  id?: string;
};

/**
 * Requests a bulk action: the accounts are frozen now (in risk order, as the
 * preview showed them), as work items in batches; with `expectedDigest`, they
 * must be the accounts the preview showed. While what the requester (person
 * and token) started without approval of this kind in the last 24 hours,
 * this request included, stays at or below the four-eyes threshold it starts
 * at once; past it, it waits for a second person's approval until it
 * expires. A single action that would pass it is refused (it is to be
 * requested as a bulk action). Audited; on the timeline.
 */
export async function requestBulkAction(
  db: Db,
  incident: { id: string },
  rawInput: RequestBulkActionInput,
  actor: StaffActor,
  options: RequestOptions = {},
): Promise<RequestedBulkAction> {
  const input = RequestBulkActionInput.parse(rawInput);
  const at = options.at ?? new Date();
  const origin = options.origin ?? "bulk";
  const config = remediationConfig();

  return requestOnce<SkipCounts, number, RequestedBulkAction>(
    db,
    bulkActionRequests,
    { requestKey: input.requestKey, actor, fingerprint: requestFingerprint({ incidentId: incident.id, ...input, requestKey: undefined }) },
    {
      prepare: async () =>
        input.selection.kind === "accounts"
          ? await countUnknownAccountIds(db, incident.id, input.selection.externalIds)
          : 0,
      create: async (tx, ptx, unknown) => {
        // A single action is one account chosen on purpose: a verified release does not keep it out.
        const includeVerified = input.kind === "withdrawal_hold" && (input.includeVerified || origin === "single");
        const classified = classifiedSql(incident.id, input.kind, input.selection, at, { includeVerified });
        const counts = await countClassified(tx, classified);
        const skipped: SkipCounts = { ...counts.skipped, ...(unknown > 0 ? { not_in_incident: unknown } : {}) };
        if (input.expectedCount !== undefined && input.expectedCount !== counts.eligible) {
          throw new AppError(
            "CONFLICT",
            `The selection changed since the preview: it now covers ${formatCount(counts.eligible)} accounts, not ${formatCount(input.expectedCount)}. Preview it again.`,
          );
        }
        if (counts.eligible === 0) {
          throw new AppError(
            "VALIDATION",
            `Nothing to do: none of the ${formatCount(counts.selected + unknown)} selected accounts needs a ${ACTION_KIND_LABELS[input.kind].toLowerCase()} (skipped: ${formatReasonCounts(skipped, SKIP_REASON_LABELS)}).`,
          );
        }
        if (input.kind === "hold_release" && counts.critical > 0 && !input.confirmCritical) {
          throw new AppError(
            "VALIDATION",
            counts.critical === 1 && counts.eligible === 1
              ? "A critical risk rule still fires for this account. Confirm that you want to release its hold anyway."
              : `${formatCount(counts.critical)} of these accounts still fire a critical risk rule. Confirm that you want to release their holds anyway.`,
            { confirmCritical: "Confirm the release of accounts with critical risk rules." },
          );
        }
        const { windowTotal, needsApproval, status, expiresAt, columns } = await decideAtRequest(
          tx,
          bulkActionFourEyesWork(incident.id, input.kind),
          actor,
          counts.eligible,
          at,
          { exempt: origin === "single", requestKey: input.requestKey },
        );
        if (origin === "single" && windowTotal + counts.eligible > config.approvalThreshold) {
          throw new AppError(
            "CONFLICT",
            `Four eyes: you already acted on ${formatCount(windowTotal)} accounts (${ACTION_KIND_LABELS[input.kind].toLowerCase()}) in this incident in the last ${FOUR_EYES_WINDOW_HOURS} hours without approval, and one more passes the threshold of ${formatCount(config.approvalThreshold)}. Request it as a bulk action (the Exposed accounts table, or POST .../bulk-actions) for a different person to approve.`,
          );
        }
        // null: held until released (what the request stores and its audit entry says alike).
        const holdHours =
          input.kind !== "withdrawal_hold" ? null : input.holdHours === undefined ? config.defaultHoldHours : input.holdHours;
        const bulk = await ptx.bulkAction.create({
          data: {
            ...(options.id ? { id: options.id } : {}),
            incidentId: incident.id,
            kind: input.kind,
            origin,
            selection:
              input.selection.kind === "accounts"
                ? { kind: "accounts", count: input.selection.externalIds.length }
                : input.selection,
            reason: input.reason,
            holdHours,
            releaseCode: input.kind === "hold_release" ? input.releaseCode : null,
            total: counts.eligible,
            skippedAtRequest: skipped,
            ...columns,
          },
          select: { id: true },
        });
        const inserted = await tx.run(
          `INSERT INTO bulk_action_items (bulk_action_id, seq, account_id)
         SELECT $${classified.params.length + 1}::uuid, row_number() OVER (ORDER BY c.risk_sort DESC, c.id DESC), c.account_id
           FROM (${classified.sql}) c WHERE c.skip IS NULL`,
          [...classified.params, bulk.id],
        );
        if (inserted !== counts.eligible) {
          throw new AppError("CONFLICT", "The selection changed while the request was being made. Preview it again.");
        }
        if (input.expectedDigest !== undefined && input.expectedDigest !== (await digestClassified(tx, classified))) {
          throw new AppError(
            "CONFLICT",
            "The selection changed since the preview: it no longer covers the same accounts (its digest differs). Preview it again.",
          );
        }
        await tx.run(
          `INSERT INTO bulk_action_batches (bulk_action_id, batch_no, first_seq, last_seq, status, lease_owner, lease_expires_at)
         SELECT $1::uuid, g, (g - 1) * $2 + 1, least(g * $2, $3),
                $4::"WorkBatchStatus", $5, CASE WHEN $5::text IS NULL THEN NULL ELSE now() + make_interval(secs => $6) END
           FROM generate_series(1, ceil($3::numeric / $2)::int) g`,
          [
            bulk.id,
            workBatchSize(db.sql.kind),
            counts.eligible,
            options.leaseTo ? "leased" : "queued",
            options.leaseTo ?? null,
            config.leaseSeconds,
          ],
        );
        const summary = { id: bulk.id, incidentId: incident.id, kind: input.kind, origin, total: counts.eligible };
        // A single action is on the account's audit trail, not the incident's timeline.
        await recordRequested(
          tx,
          bulkActionRequests,
          { id: bulk.id, incidentId: incident.id, summary, running: !needsApproval, onTimeline: origin !== "single", expiresAt },
          {
            at,
            actor,
            note: input.reason,
            audit: {
              kind: input.kind,
              origin,
              total: counts.eligible,
              skipped,
              ...(input.kind === "withdrawal_hold" ? { priorHoldStates: counts.prior, includeVerified } : {}),
              needsApproval,
              ...(needsApproval && counts.eligible <= config.approvalThreshold ? { startedInWindow: windowTotal } : {}),
              ...(actor.tokenId ? { tokenId: actor.tokenId } : {}),
              reason: input.reason,
              ...(input.kind === "withdrawal_hold" ? { holdHours } : {}),
              ...(input.releaseCode ? { releaseCode: input.releaseCode } : {}),
            },
          },
        );
        return { id: bulk.id, status, total: counts.eligible, skipped, replayed: false };
      },
    },
  );
}
