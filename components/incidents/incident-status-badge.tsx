import { Badge, type BadgeTone } from "../ui/badge";

const STATUS: Record<string, { label: string; tone: BadgeTone }> = {
  open: { label: "Open", tone: "danger" },
  contained: { label: "Contained", tone: "warning" },
  closed: { label: "Closed", tone: "success" },
};

export function IncidentStatusBadge({ status }: { status: string }) {
  const s = STATUS[status] ?? { label: status, tone: "neutral" as const };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}
