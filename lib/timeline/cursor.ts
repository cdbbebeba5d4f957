// Keyset paging over (occurred_at, id): a cursor names the last event shown,
// so the next page starts after it however many events come before.
export type TimelineCursor = { occurredAt: Date; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Events are stored with four-digit years (the API's ISO 8601 times, the
// form's date field); PostgreSQL has no year 0 and JavaScript no year past
// 275760, so a time outside years 1 to 9999 is no cursor of ours, and would
// otherwise reach the query as an invalid date.
const EARLIEST_MS = -62_135_596_800_000; // 0001-01-01T00:00:00Z
const LATEST_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

export function encodeCursor(cursor: TimelineCursor): string {
  return `${cursor.occurredAt.getTime().toString(36)}.${cursor.id}`;
}

/** The cursor, or null for anything that is not one (a hand-edited URL). */
export function decodeCursor(value: string | null | undefined): TimelineCursor | null {
  if (!value) return null;
  const dot = value.indexOf(".");
  if (dot <= 0) return null;
  const ms = Number.parseInt(value.slice(0, dot), 36);
  const id = value.slice(dot + 1);
  if (!Number.isSafeInteger(ms) || !UUID.test(id) || value.slice(0, dot) !== ms.toString(36)) return null;
  if (ms < EARLIEST_MS || ms > LATEST_MS) return null;
  return { occurredAt: new Date(ms), id: id.toLowerCase() };
}
