import { formatUtc } from "@/lib/format/dates";
import { effectiveHold, type RemediationState } from "@/lib/remediation/state";
import { HOLD_STATE_LABELS, RESET_STATE_LABELS } from "@/lib/remediation/actions";
import { Badge, type BadgeTone } from "../ui/badge";

const RESET_TONE = { none: "neutral", requested: "info", sent: "warning", completed: "success" } as const satisfies Record<
  RemediationState["reset"],
  BadgeTone
>;
const HOLD_TONE = { none: "neutral", active: "danger", released: "success", expired: "neutral" } as const satisfies Record<
  RemediationState["hold"],
  BadgeTone
>;

// A shorter word for the triage table's narrow column (the full one in its tooltip).
const RESET_SHORT: Record<RemediationState["reset"], string> = {
  none: "",
  requested: "Reset queued",
  sent: "Reset forced",
  completed: "Reset done",
};

/** An account's reset and hold state as two badges; a dash when nothing was done. */
export function RemediationBadges({
  state,
  now,
  compact = false,
}: {
  state: Pick<RemediationState, "reset" | "hold" | "holdUntil">;
  now: Date;
  compact?: boolean;
}) {
  const hold = effectiveHold(state, now);
  if (state.reset === "none" && hold === "none") return <span className="text-slate-500">—</span>;
  return (
    <span className={compact ? "inline-flex flex-col items-start gap-1" : "inline-flex flex-wrap gap-1"}>
      {state.reset !== "none" ? (
        <Badge tone={RESET_TONE[state.reset]} title={compact ? RESET_STATE_LABELS[state.reset] : undefined}>
          {compact ? RESET_SHORT[state.reset] : RESET_STATE_LABELS[state.reset]}
        </Badge>
      ) : null}
      {hold !== "none" ? (
        <Badge
          tone={HOLD_TONE[hold]}
          title={hold === "active" ? (state.holdUntil ? `Until ${formatUtc(state.holdUntil)}` : "Until released") : undefined}
        >
          {hold === "active" && !compact
            ? `${HOLD_STATE_LABELS[hold]}${state.holdUntil ? ` until ${formatUtc(state.holdUntil)}` : " until released"}`
            : HOLD_STATE_LABELS[hold]}
        </Badge>
      ) : null}
    </span>
  );
}
