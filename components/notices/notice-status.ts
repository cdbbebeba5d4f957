import type { BadgeTone } from "../ui/badge";

import type { NoticeStatus } from "@/lib/notify/contracts";

export type { NoticeStatus };

export const NOTICE_STATUS_LABELS: Record<NoticeStatus, { label: string; tone: BadgeTone }> = {
  pending_approval: { label: "Awaiting approval", tone: "warning" },
  rejected: { label: "Rejected", tone: "neutral" },
  expired: { label: "Expired", tone: "neutral" },
  running: { label: "Sending", tone: "info" },
  paused: { label: "Paused", tone: "warning" },
  cancelled: { label: "Cancelled", tone: "neutral" },
  completed: { label: "Finished", tone: "success" },
};

export const MESSAGE_STATUS_LABELS: Record<string, { label: string; tone: BadgeTone }> = {
  queued: { label: "Queued", tone: "neutral" },
  sending: { label: "Sending", tone: "info" },
  sent: { label: "Sent", tone: "success" },
  deferred: { label: "Deferred, will retry", tone: "warning" },
  bounced: { label: "Bounced", tone: "danger" },
  failed: { label: "Failed", tone: "danger" },
  in_doubt: { label: "In doubt", tone: "warning" },
  cancelled: { label: "Cancelled", tone: "neutral" },
};
