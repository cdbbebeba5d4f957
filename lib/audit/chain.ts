import { createHash, createHmac, hkdfSync } from "node:crypto";

// The audit log's hash chain. Each entry's hash covers its own content and
// the previous entry's hash, so changing, removing, inserting or reordering
// any entry changes every hash after it; the head hash, written down outside
// the system, pins the whole history (as CloudTrail's digest files do).
//
// Plain SHA-256 can be recomputed by anyone who can write the database, so
// entries are now linked with HMAC-SHA256 under a key kept outside it (the
// audit key): entries before the key keep their SHA-256 links ("keyed" false),
// every entry from the head's keyed_from id on must be keyed, and the head
// itself carries an HMAC, so that turning keyed entries back into SHA-256 ones
// or moving the boundary shows.

/**
 * The audit key from the secret it is made from (BREACHDESK_AUDIT_KEY, or the
 * session secret): HKDF-SHA256. Here rather than in the server so that an
 * offline check (an evidence pack's audit segment) derives it the same way.
 */
export function deriveAuditKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "", "breachdesk audit chain", 32));
}

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
function canonicalJson(value: unknown): string {
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

/** An entry's detail as its hash covers it: a writer with many entries sharing one detail makes it once. */
export function canonicalDetail(detail: unknown): string {
  return canonicalJson(detail ?? null);
}

/** canonicalJson of the entry's columns as an array, with the detail's text given. */
function entryContent(entry: ChainedContent, detail: string): string {
  const head = [
    entry.id,
    entry.at.toISOString(),
    entry.actorId,
    entry.actorEmail,
    entry.action,
    entry.incidentId,
    entry.targetType,
    entry.targetId,
  ].map(canonicalJson);
  return `[${head.join(",")},${detail},${canonicalJson(entry.ip)}]`;
}

/** The link of an entry written before the audit key: SHA-256, which anyone can recompute. */
export function auditEntryHash(prevHash: string, entry: ChainedContent): string {
  return createHash("sha256")
    .update(prevHash)
    .update("\n")
    .update(entryContent(entry, canonicalDetail(entry.detail)))
    .digest("hex");
}

/** The link of a keyed entry: HMAC-SHA256 under the audit key (`detail`: canonicalDetail(entry.detail), when the caller has it). */
export function auditEntryMac(
  key: Uint8Array,
  prevHash: string,
  entry: ChainedContent,
  detail = canonicalDetail(entry.detail),
): string {
  return createHmac("sha256", key).update(prevHash).update("\n").update(entryContent(entry, detail)).digest("hex");
}

export type SignedHead = { lastId: number; hash: string; keyedFrom: number };

/** The head's HMAC: pins the last entry and where keyed entries begin. */
export function auditHeadMac(key: Uint8Array, head: SignedHead): string {
  return createHmac("sha256", key).update(`audit head\n${head.lastId}\n${head.hash}\n${head.keyedFrom}`).digest("hex");
}

export type ChainRow = ChainedContent & { prevHash: string | null; hash: string | null; keyed: boolean };

export type ChainBreak = {
  id: number;
  /** edited: content does not match its hash; broken-link: its predecessor is not the entry it was chained to (an entry was deleted, inserted or moved before it); unsealed: no hash; not-keyed: an entry from keyed_from on with a plain SHA-256 link (or one before it claiming a key). */
  problem: "edited" | "broken-link" | "unsealed" | "not-keyed";
};

/**
 * Walks entries in id order, carrying the previous hash across calls (so a
 * million entries can be checked a page at a time). Returns the first break.
 */
export class ChainVerifier {
  private previous = GENESIS_HASH;
  entries = 0;
  firstBad: ChainBreak | null = null;

  /** key: the audit key; keyedFrom: the first id that must be keyed (null: none yet). */
  constructor(
    private readonly key: Uint8Array,
    private readonly keyedFrom: number | null,
  ) {}

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
      } else if (row.keyed !== (this.keyedFrom !== null && row.id >= this.keyedFrom)) {
        this.firstBad = { id: row.id, problem: "not-keyed" };
      } else if (row.prevHash !== this.previous) {
        this.firstBad = { id: row.id, problem: "broken-link" };
      } else if (
        (row.keyed ? auditEntryMac(this.key, row.prevHash, row) : auditEntryHash(row.prevHash, row)) !== row.hash
      ) {
        this.firstBad = { id: row.id, problem: "edited" };
      } else {
        this.previous = row.hash;
      }
    }
    return this.firstBad === null;
  }
}
