import { parseSdParams } from "./syslog";

// Reads what a SIEM kept: syslog lines as rsyslog's file output wrote them
// (the RFC 5424 message, or any template that keeps the structured data), or
// JSON lines (HEC events, Elastic documents or _bulk bodies, plain entries).

export type ChainCopy = { id: number; hash: string; prevHash: string | null };

function fromObject(value: unknown): ChainCopy | null {
  if (!value || typeof value !== "object") return null;
  const o = value as Record<string, unknown>;
  const inner = (o.event ?? o._source ?? o) as Record<string, unknown>;
  if (!inner || typeof inner !== "object") return null;
  const id = typeof inner.id === "number" ? inner.id : typeof inner.id === "string" ? Number(inner.id) : NaN;
  if (!Number.isInteger(id) || id < 1 || typeof inner.hash !== "string") return null;
  return { id, hash: inner.hash, prevHash: typeof inner.prevHash === "string" ? inner.prevHash : null };
}

/** One line's entry; null for a line that carries none (a _bulk action line, a blank line, another program's log). */
export function parseForwardedLine(line: string): ChainCopy | null {
  const sd = parseSdParams(line);
  if (sd) {
    const id = Number(sd.id);
    if (!Number.isInteger(id) || id < 1 || !sd.hash) return null;
    return { id, hash: sd.hash, prevHash: sd.prev || null };
  }
  const text = line.trim();
  if (!text.startsWith("{")) return null;
  try {
    return fromObject(JSON.parse(text));
  } catch {
    return null;
  }
}
