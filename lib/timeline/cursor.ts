// Keyset paging over (occurred_at, id): a cursor names the last event shown,
// so the next page starts after it however many events come before.
export type TimelineCursor = { occurredAt: Date; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  return { occurredAt: new Date(ms), id: id.toLowerCase() };
}
