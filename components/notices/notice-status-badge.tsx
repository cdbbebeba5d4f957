import { Badge } from "../ui/badge";
import { MESSAGE_STATUS_LABELS, NOTICE_STATUS_LABELS, type NoticeStatus } from "./notice-status";

export function NoticeStatusBadge({ status }: { status: NoticeStatus }) {
  const { label, tone } = NOTICE_STATUS_LABELS[status];
  return <Badge tone={tone}>{label}</Badge>;
}

export function MessageStatusBadge({ status }: { status: string }) {
  const known = MESSAGE_STATUS_LABELS[status] ?? { label: status, tone: "neutral" as const };
  return <Badge tone={known.tone}>{known.label}</Badge>;
}
