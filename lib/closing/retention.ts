import { z } from "zod";

// The retention schedule a close sets: pseudonymise the personal data N days
// after the close (storage limitation, GDPR Art. 5(1)(e)), erase the
// pseudonymised remainder M days after it (the record of the breach, Art.
// 33(5), kept that long). Bounded so a typo cannot keep data for ever or
// erase the record before it was pseudonymised.
export const RETENTION_BOUNDS = {
  pseudonymiseDays: { min: 0, max: 365 },
  eraseDays: { min: 1, max: 3650 },
} as const;

export const RetentionInput = z
  .object({
    pseudonymiseDays: z.coerce
      .number()
      .int("Give a whole number of days.")
      .min(RETENTION_BOUNDS.pseudonymiseDays.min, "Pseudonymise at the close or later.")
      .max(RETENTION_BOUNDS.pseudonymiseDays.max, `At most ${RETENTION_BOUNDS.pseudonymiseDays.max} days.`),
    eraseDays: z.coerce
      .number()
      .int("Give a whole number of days.")
      .min(RETENTION_BOUNDS.eraseDays.min, "Erase at least a day after the close.")
      .max(RETENTION_BOUNDS.eraseDays.max, `At most ${RETENTION_BOUNDS.eraseDays.max} days (10 years).`),
  })
  .refine((r) => r.eraseDays > r.pseudonymiseDays, {
    path: ["eraseDays"],
    message: "Erase after pseudonymising: give more days than for pseudonymisation.",
  });
export type Retention = z.output<typeof RetentionInput>;

const DAY_MS = 86_400_000;

/** When each step is due for an incident closed at `closedAt`. */
export function retentionSchedule(closedAt: Date, retention: Retention) {
  return {
    pseudonymiseAt: new Date(closedAt.getTime() + retention.pseudonymiseDays * DAY_MS),
    eraseAt: new Date(closedAt.getTime() + retention.eraseDays * DAY_MS),
  };
}

/** "5 years" for 1825 days, else "30 days": how the schedule reads. */
export function describeDays(days: number): string {
  if (days >= 365 && days % 365 === 0) return `${days / 365} year${days === 365 ? "" : "s"}`;
  return `${days} day${days === 1 ? "" : "s"}`;
}
