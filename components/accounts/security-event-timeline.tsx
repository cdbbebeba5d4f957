import { formatUtc } from "@/lib/format/dates";
import { formatDuration } from "@/lib/format/numbers";

export type TimelineSecurityEvent = {
  id: number;
  kind: string;
  occurredAt: Date;
  ip: string | null;
  detail: string | null;
  afterT0: boolean;
};

const SECURITY_EVENT_LABELS: Record<string, string> = {
  login_new_device: "Login from a new device",
  login_failed: "Failed login",
  password_change: "Password changed",
  two_factor_change: "2FA changed",
  email_change: "E-mail changed",
  withdrawal_address_change: "Withdrawal address changed",
  api_key_created: "API key created",
};

const SERIOUS = new Set([
  "password_change",
  "two_factor_change",
  "email_change",
  "withdrawal_address_change",
  "api_key_created",
]);

/**
 * The account's security events on a vertical line, with T0 marked between
 * them: what happened before the company knew is shown greyed, as context.
 */
export function SecurityEventTimeline({
  events,
  awareAt,
  truncated,
}: {
  events: readonly TimelineSecurityEvent[];
  awareAt: Date;
  truncated: boolean;
}) {
  if (events.length === 0)
    return <p className="text-sm text-slate-500">No security events on record for this account.</p>;
  const firstAfter = events.findIndex((event) => event.afterT0);
  const t0Index = firstAfter === -1 ? events.length : firstAfter;
  const marker = (
    <li key="t0" className="relative pb-4 pl-6">
      <span aria-hidden className="absolute left-[3px] top-1 h-3 w-3 -translate-x-1/2 rotate-45 bg-slate-900" />
      <p className="text-xs font-semibold uppercase tracking-wide text-slate-900">
        T0 — company became aware · {formatUtc(awareAt)}
      </p>
    </li>
  );
  const items = events.map((event) => {
    const serious = SERIOUS.has(event.kind);
    return (
      <li key={event.id} className={`relative pb-4 pl-6 ${event.afterT0 ? "" : "opacity-55"}`}>
        <span
          aria-hidden
          className={`absolute left-[3px] top-1.5 h-2.5 w-2.5 -translate-x-1/2 rounded-full ring-2 ring-white ${
            !event.afterT0 ? "bg-slate-300" : serious ? "bg-red-600" : "bg-amber-500"
          }`}
        />
        <p className="text-sm">
          <span className={`font-medium ${event.afterT0 && serious ? "text-red-700" : "text-slate-900"}`}>
            {SECURITY_EVENT_LABELS[event.kind] ?? event.kind}
          </span>
          <span className="ml-2 text-xs text-slate-500">
            {formatUtc(event.occurredAt)}
            {event.afterT0
              ? ` · T0 + ${formatDuration(event.occurredAt.getTime() - awareAt.getTime())}`
              : " · before T0"}
          </span>
        </p>
        {event.detail || event.ip ? (
          <p className="text-xs text-slate-600">
            {event.detail}
            {event.ip ? <span className="ml-2 font-mono text-slate-500">{event.ip}</span> : null}
          </p>
        ) : null}
      </li>
    );
  });
  return (
    <div>
      {truncated ? <p className="mb-2 text-xs text-slate-500">Showing the most recent events only.</p> : null}
      <ol
        aria-label="Security events"
        className="relative before:absolute before:bottom-2 before:left-[3px] before:top-2 before:w-px before:bg-slate-200"
      >
        {items.slice(0, t0Index)}
        {marker}
        {items.slice(t0Index)}
      </ol>
    </div>
  );
}
