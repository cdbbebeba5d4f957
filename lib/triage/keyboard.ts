// Row-to-row keyboard movement in the triage table: j/k as in mail clients
// and issue trackers, arrows for everyone else. Pure, so it is unit-tested
// apart from the DOM.

const DOWN = new Set(["j", "ArrowDown"]);
const UP = new Set(["k", "ArrowUp"]);

export type RowKey = { key: string; altKey?: boolean; ctrlKey?: boolean; metaKey?: boolean; shiftKey?: boolean };

/** The row to focus after a key press, or null when the key is not ours (let the browser have it). */
export function nextRowIndex(event: RowKey, current: number, count: number): number | null {
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  if (count === 0) return null;
  if (event.key === "Home") return 0;
  if (event.key === "End") return count - 1;
  if (DOWN.has(event.key)) return current < 0 ? 0 : Math.min(current + 1, count - 1);
  if (UP.has(event.key)) return current < 0 ? 0 : Math.max(current - 1, 0);
  return null;
}
