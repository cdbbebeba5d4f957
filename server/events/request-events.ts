import type { AnnouncedStep, StepDetail } from "../jobs/four-eyes-flow";
import type { SqlQueryable } from "../db/driver";
import { appUrl } from "./app-url";
import { emitEvent } from "./emit-event";
import { incidentRef, personRef } from "./incident-ref";

/** A request (bulk action or campaign) as its events name it. */
export type AnnouncedRequest = {
  kind: "bulk_action" | "notice_campaign";
  id: string;
  incidentId: string;
  action: string;
  total: number;
};

const PAGE: Record<AnnouncedRequest["kind"], string> = { bulk_action: "bulk-actions", notice_campaign: "notices" };

function iso(value: Date | string | null | undefined): string | null {
  if (!value) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/**
 * A request's step as an outgoing event, in the step's transaction: the
 * RequestKind's `announce` of bulk actions and notice campaigns (the kernel
 * calls it, and knows nothing of events).
 */
export async function announceRequestStep(
  tx: SqlQueryable,
  request: AnnouncedRequest,
  step: AnnouncedStep,
  detail: StepDetail<Record<string, number>> & { status?: string; expiresAt?: Date | string | null },
): Promise<void> {
  const incident = await incidentRef(tx, request.incidentId);
  const url = appUrl(`/incidents/${incident.slug}/${PAGE[request.kind]}/${request.id}`);
  const ref = { kind: request.kind, id: request.id, action: request.action, total: request.total, url };
  const base = { incident, request: ref };
  const options = { incidentId: request.incidentId, at: detail.at };
  const person = () => personRef(tx, detail.actor?.id);
  const note = detail.note ?? null;
  switch (step) {
    case "approval_requested":
      await emitEvent(
        tx,
        "approval.requested",
        { ...base, requestedBy: await person(), note, expiresAt: iso(detail.expiresAt), approveUrl: url },
        options,
      );
      return;
    case "approved":
      await emitEvent(tx, "approval.approved", { ...base, decidedBy: await person(), note }, options);
      return;
    case "rejected":
      await emitEvent(tx, "approval.rejected", { ...base, decidedBy: await person(), note }, options);
      return;
    case "expired":
      await emitEvent(tx, "approval.expired", base, options);
      return;
    case "finished":
      await emitEvent(
        tx,
        "request.finished",
        { ...base, status: detail.status ?? "completed", counts: { ...(detail.counts ?? {}) } },
        options,
      );
      return;
  }
}
