import { formatDuration } from "../format/numbers";
import type { TimelineMilestoneName } from "./categories";
import { formatHoursMinutes } from "./clock";

export type MilestoneTimes = Record<TimelineMilestoneName, Date | null>;

export type MilestoneDuration = {
  key: "detect" | "contain" | "exposure" | "notify_regulator" | "notify_customers" | "close";
  label: string;
  from: TimelineMilestoneName;
  to: TimelineMilestoneName;
  /** Null while the later milestone has not been reached. */
  ms: number | null;
};

// The intervals regulators and boards ask about. Everything after detection
// is measured from T0, as GDPR's clocks are; the exposure window runs from
// the leak's start until it was contained.
const INTERVALS: readonly Omit<MilestoneDuration, "ms">[] = [
  { key: "detect", label: "Time to detect", from: "leak_started", to: "aware" },
  { key: "contain", label: "Time to contain (from T0)", from: "aware", to: "contained" },
  { key: "exposure", label: "Exposure window (leak start to containment)", from: "leak_started", to: "contained" },
  { key: "notify_regulator", label: "Time to notify the regulator (from T0)", from: "aware", to: "regulator_notified" },
  { key: "notify_customers", label: "Time to notify customers (from T0)", from: "aware", to: "customers_notified" },
  { key: "close", label: "Time to close (from T0)", from: "aware", to: "closed" },
];

export function milestoneDurations(times: MilestoneTimes): MilestoneDuration[] {
  return INTERVALS.map((interval) => {
    const from = times[interval.from];
    const to = times[interval.to];
    return { ...interval, ms: from && to ? to.getTime() - from.getTime() : null };
  });
}

/**
 * Hours and minutes up to four days ("30 h 48 min"), as the 72-hour clock
 * counts; days and hours beyond ("12 d 3 h").
 */
export function formatMilestoneDuration(ms: number): string {
  return Math.abs(ms) < 96 * 3_600_000 ? formatHoursMinutes(ms) : formatDuration(ms);
}
