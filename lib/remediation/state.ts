import { HOLD_STATE_LABELS, RESET_STATE_LABELS, type HoldState, type ResetState } from "./actions";

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

export function resetLabel(state: RemediationState): string {
  return RESET_STATE_LABELS[state.reset];
}

export function holdLabel(state: RemediationState, now: Date): string {
  return HOLD_STATE_LABELS[effectiveHold(state, now)];
}

export function hasRemediation(state: RemediationState): boolean {
  return state.reset !== "none" || state.hold !== "none";
}
