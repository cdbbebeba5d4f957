import { formatCount } from "@/lib/format/numbers";
import { BULK_STATUS_LABELS, type ActionKind, type BulkStatus } from "@/lib/remediation/actions";
import { Badge, type BadgeTone } from "../ui/badge";

const STATUS_TONE = {
  pending_approval: "warning",
  rejected: "danger",
  expired: "neutral",
  running: "info",
  paused: "warning",
  cancelled: "neutral",
  completed: "success",
} as const satisfies Record<BulkStatus, BadgeTone>;

/** A request still marked pending after its expiry shows as expired (the sweep marks it soon after). */
export function effectiveBulkStatus(status: BulkStatus, expiresAt: string | null, now: Date): BulkStatus {
  if (status === "pending_approval" && expiresAt && Date.parse(expiresAt) <= now.getTime()) return "expired";
  return status;
}

export function BulkStatusBadge({ status }: { status: BulkStatus }) {
  return (
    <span data-testid="bulk-status">
      <Badge tone={STATUS_TONE[status]}>{BULK_STATUS_LABELS[status]}</Badge>
    </span>
  );
}

const KIND_NOUN: Record<ActionKind, string> = {
  password_reset: "Password reset",
  withdrawal_hold: "Withdrawal hold",
  hold_release: "Hold release",
};

function accounts(n: number): string {
  return `${formatCount(n)} ${n === 1 ? "account" : "accounts"}`;
}

/** "Withdrawal hold of 1,234 accounts": a bulk action named by what it does and to how many. */
export function bulkActionTitle(kind: ActionKind, total: number): string {
  return kind === "hold_release" ? `Release of holds on ${accounts(total)}` : `${KIND_NOUN[kind]} of ${accounts(total)}`;
}

/** "hold of 1,234 accounts": the same, inside a sentence or on a button. */
export function bulkActionPhrase(kind: ActionKind, total: number): string {
  if (kind === "password_reset") return `password reset of ${accounts(total)}`;
  if (kind === "withdrawal_hold") return `hold of ${accounts(total)}`;
  return `release of holds on ${accounts(total)}`;
}

export function holdDurationText(holdHours: number | null): string {
  if (holdHours === null) return "until released";
  if (holdHours % 24 === 0 && holdHours >= 168) return `${holdHours / 24} days`;
  return `${holdHours} hours`;
}
