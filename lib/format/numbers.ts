const integer = new Intl.NumberFormat("en-GB");
const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });

export function formatCount(value: number): string {
  return integer.format(value);
}

/** Counts by reason in their labels' words: "3 no matching account, 1 reset already forced", or "none". */
export function formatReasonCounts(
  counts: Partial<Record<string, number>>,
  labels: Partial<Record<string, string>>,
): string {
  const parts = Object.entries(counts).map(([reason, n]) => `${formatCount(n ?? 0)} ${labels[reason] ?? reason}`);
  return parts.length ? parts.join(", ") : "none";
}

export function formatUsdCents(cents: number): string {
  return usd.format(cents / 100);
}

export function formatPercent(part: number, whole: number): string {
  if (whole === 0) return "0%";
  return `${((part / whole) * 100).toFixed(1)}%`;
}

/** "3 h 12 min", "2 d 4 h": durations between incident milestones. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? "-" : "";
  let minutes = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  minutes -= days * 1440;
  const hours = Math.floor(minutes / 60);
  minutes -= hours * 60;
  if (days > 0) return `${sign}${days} d ${hours} h`;
  if (hours > 0) return `${sign}${hours} h ${minutes} min`;
  return `${sign}${minutes} min`;
}
