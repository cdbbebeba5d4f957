import type { ForwardedEntry } from "./forwarded-entry";

// The HTTPS collectors' request bodies: Splunk's HTTP Event Collector (one
// JSON object per event, concatenated) and Elastic's _bulk (NDJSON action and
// document pairs).

/** `POST /services/collector/event`: one event object per entry, newline-separated. */
export function hecBody(entries: readonly ForwardedEntry[], hostname: string): string {
  return entries
    .map((entry) =>
      JSON.stringify({
        time: Date.parse(entry.at) / 1000,
        host: hostname,
        source: "breachdesk",
        sourcetype: "breachdesk:audit",
        event: entry,
      }),
    )
    .join("\n");
}

/**
 * `POST <index>/_bulk`: a `create` with the entry's id as the document id, so
 * an entry sent twice (after a crash) is refused as a conflict rather than
 * stored twice.
 */
export function elasticBulkBody(entries: readonly ForwardedEntry[]): string {
  return entries
    .map(
      (entry) =>
        `${JSON.stringify({ create: { _id: String(entry.id) } })}\n${JSON.stringify({ "@timestamp": entry.at, ...entry })}\n`,
    )
    .join("");
}

type BulkItem = { status?: number; error?: { type?: string; reason?: string } };
type BulkResponse = { errors?: boolean; items?: Record<string, BulkItem>[] };

/**
 * The first item Elastic refused, or null when every item was stored. A
 * version conflict on `create` means the document is already there (sent
 * before a crash): stored, not an error.
 */
export function elasticBulkFailure(response: unknown, expected: number): string | null {
  const body = response as BulkResponse;
  if (!body || !Array.isArray(body.items)) return "the _bulk response has no items";
  if (body.items.length !== expected)
    return `the _bulk response has ${body.items.length} items for ${expected} documents`;
  if (!body.errors) return null;
  for (const [index, wrapped] of body.items.entries()) {
    const item = Object.values(wrapped)[0];
    const status = item?.status ?? 0;
    if (status >= 200 && status < 300) continue;
    if (status === 409) continue;
    return `item ${index}: ${status} ${item?.error?.type ?? ""} ${item?.error?.reason ?? ""}`.trim();
  }
  return null;
}
