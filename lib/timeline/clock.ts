// GDPR Article 33(1): notify the supervisory authority "without undue delay
// and, where feasible, not later than 72 hours after having become aware".
export const ARTICLE_33_HOURS = 72;
const HOUR = 3_600_000;
/** Under this much time left the clock turns amber. */
export const DUE_SOON_MS = 12 * HOUR;

export type ClockState =
  | { status: "running" | "due_soon"; deadline: Date; remainingMs: number }
  | { status: "overdue"; deadline: Date; overdueByMs: number }
  | { status: "met" | "met_late"; deadline: Date; metAt: Date; marginMs: number };

export function article33Deadline(awareAt: Date): Date {
  return new Date(awareAt.getTime() + ARTICLE_33_HOURS * HOUR);
}

/**
 * The state of a deadline clock at `now`. Once met it stops: `marginMs` is how
 * long before (positive) or after (negative) the deadline it was met.
 */
export function clockState(deadline: Date, metAt: Date | null, now: Date, dueSoonMs = DUE_SOON_MS): ClockState {
  if (metAt) {
    const marginMs = deadline.getTime() - metAt.getTime();
    return { status: marginMs >= 0 ? "met" : "met_late", deadline, metAt, marginMs };
  }
  const remainingMs = deadline.getTime() - now.getTime();
  if (remainingMs < 0) return { status: "overdue", deadline, overdueByMs: -remainingMs };
  return { status: remainingMs <= dueSoonMs ? "due_soon" : "running", deadline, remainingMs };
}

/** "30 h 48 min": how regulators count against a 72-hour deadline. */
export function formatHoursMinutes(ms: number): string {
  const sign = ms < 0 ? "-" : "";
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${sign}${hours} h ${minutes % 60} min` : `${sign}${minutes} min`;
}

/** "71:59:58": the countdown as a stopwatch shows it, hours past 24 included. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return `${hours}:${String(minutes).padStart(2, "0")}:${String(seconds).padStart(2, "0")}`;
}
