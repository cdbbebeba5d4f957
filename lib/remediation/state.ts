import type { HoldState, ResetState } from "./actions";

/** An account's remediation in one incident, as every page shows it. */
export type RemediationState = {
  reset: ResetState;
  resetAt: Date | null;
  hold: HoldState;
  /** Active holds: when it ends (null: until released). */
  holdUntil: Date | null;
  holdChangedAt: Date | null;
};

export const NO_REMEDIATION: RemediationState = {
  reset: "none",
  resetAt: null,
  hold: "none",
  holdUntil: null,
  holdChangedAt: null,
};

/** A hold whose end has passed is expired, even before the sweep records it. */
export function effectiveHold(state: Pick<RemediationState, "hold" | "holdUntil">, now: Date): HoldState {
  if (state.hold === "active" && state.holdUntil && state.holdUntil.getTime() <= now.getTime()) return "expired";
  return state.hold;
}
