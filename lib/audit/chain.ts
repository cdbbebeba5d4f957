import { createHash } from "node:crypto";

// The audit log's hash chain. Each entry's hash covers its own content and
// the previous entry's hash, so changing, removing, inserting or reordering
// any entry changes every hash after it; the head hash, written down outside
// the system, pins the whole history (as CloudTrail's digest files do).

/** The hash before the first entry. */
export const GENESIS_HASH = "0".repeat(64);

/** What an entry's hash covers: every column but the hashes themselves. */
export type ChainedContent = {
  id: number;
  at: Date;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  incidentId: string | null;
  targetType: string | null;
  targetId: string | null;
  detail: unknown;
  ip: string | null;
};

/**
 * JSON with object keys in code-point order at every depth, so that the text
 * does not depend on how the database stored the object (jsonb reorders keys).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function auditEntryHash(prevHash: string, entry: ChainedContent): string {
  const content = canonicalJson([
    entry.id,
    entry.at.toISOString(),
    entry.actorId,
    entry.actorEmail,
    entry.action,
    entry.incidentId,
    entry.targetType,
    entry.targetId,
    entry.detail ?? null,
    entry.ip,
  ]);
  return createHash("sha256").update(prevHash).update("\n").update(content).digest("hex");
}

export type ChainRow = ChainedContent & { prevHash: string | null; hash: string | null };

export type ChainBreak = {
  id: number;
  /** edited: content does not match its hash; broken-link: its predecessor is not the entry it was chained to (an entry was deleted, inserted or moved before it); unsealed: no hash. */
  problem: "edited" | "broken-link" | "unsealed";
};

/**
 * Walks entries in id order, carrying the previous hash across calls (so a
 * million entries can be checked a page at a time). Returns the first break.
 */
export class ChainVerifier {
  private previous = GENESIS_HASH;
  entries = 0;
  firstBad: ChainBreak | null = null;

  get head(): string {
    return this.previous;
  }

  /** Feeds the next rows in id order; false once a break was found. */
  feed(rows: readonly ChainRow[]): boolean {
    for (const row of rows) {
      if (this.firstBad) return false;
      this.entries += 1;
      if (row.hash === null || row.prevHash === null) {
        this.firstBad = { id: row.id, problem: "unsealed" };
      } else if (row.prevHash !== this.previous) {
        this.firstBad = { id: row.id, problem: "broken-link" };
      } else if (auditEntryHash(row.prevHash, row) !== row.hash) {
        this.firstBad = { id: row.id, problem: "edited" };
      } else {
        this.previous = row.hash;
      }
    }
    return this.firstBad === null;
  }
}
