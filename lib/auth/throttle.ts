// Sign-in throttling rules, pure so they are cheap to test. The data layer
// counts recent failures; this decides.
export const THROTTLE = {
  windowMinutes: 15,
  maxFailuresPerEmail: 5,
  maxFailuresPerIp: 20,
} as const;

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export function decideThrottle(input: {
  failuresForEmail: number;
  failuresForIp: number;
  oldestRelevantFailureAt: Date | null;
  now: Date;
}): ThrottleDecision {
  const limited =
    input.failuresForEmail >= THROTTLE.maxFailuresPerEmail || input.failuresForIp >= THROTTLE.maxFailuresPerIp;
  if (!limited) return { allowed: true };
  const windowMs = THROTTLE.windowMinutes * 60_000;
  const opensAt = (input.oldestRelevantFailureAt ?? input.now).getTime() + windowMs;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((opensAt - input.now.getTime()) / 1000)) };
}
