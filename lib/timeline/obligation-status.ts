import { clockState, DUE_SOON_MS } from "./clock";

export type ObligationStatus = "pending" | "due_soon" | "overdue" | "met" | "met_late" | "waived";

export const OBLIGATION_STATUS_LABELS: Record<ObligationStatus, string> = {
  pending: "Pending",
  due_soon: "Due soon",
  overdue: "Overdue",
  met: "Met",
  met_late: "Met late",
  waived: "Waived",
};

/**
 * An obligation is met when it was marked met or when the milestone that
 * meets it was reached, whichever came first; otherwise it is pending, due
 * soon (less than 12 hours left) or overdue. One waived (with a reason)
 * before it was met is "waived".
 */
export function obligationStatus(
  obligation: { dueAt: Date; metAt: Date | null; milestoneAt: Date | null; waivedAt?: Date | null },
  now: Date,
): { status: ObligationStatus; metAt: Date | null } {
  const candidates = [obligation.metAt, obligation.milestoneAt].filter((d): d is Date => d !== null);
  const metAt = candidates.length > 0 ? new Date(Math.min(...candidates.map((d) => d.getTime()))) : null;
  if (metAt === null && obligation.waivedAt) return { status: "waived", metAt: null };
  const state = clockState(obligation.dueAt, metAt, now, DUE_SOON_MS);
  const status: ObligationStatus = state.status === "running" ? "pending" : state.status;
  return { status, metAt };
}
