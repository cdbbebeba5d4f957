const utcFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
  timeZone: "UTC",
});

const utcTime = new Intl.DateTimeFormat("en-GB", {
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
  timeZone: "UTC",
});

/** "7 Nov 2019, 08:30 UTC": unambiguous for a team spread over time zones. */
export function formatUtc(date: Date | string): string {
  return `${utcFormat.format(new Date(date))} UTC`;
}

export function formatUtcTime(date: Date | string): string {
  return utcTime.format(new Date(date));
}
