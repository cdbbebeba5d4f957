import { z } from "zod";
import { auditEntryHash, auditEntryMac, auditHeadMac, type ChainedContent } from "../audit/chain";

// audit.jsonl: the incident's audit entries in chain order, one JSON object a
// line, each with what its hash covers and its link (prevHash, hash, keyed),
// then one last line: the chain's head when the pack was made, and what the
// server's own walk of the whole chain found then.
//
// The incident's entries are not contiguous in the chain (other incidents'
// and instance-wide entries sit between them), so offline only this holds:
// an entry's content against its hash (SHA-256 links by anyone; HMAC links
// only with the audit key), the link between entries whose ids are adjacent,
// the order, and the last entry against the head when it is the head.

const Hash = z.string().regex(/^[0-9a-f]{64}$/);

const EntryLine = z.object({
  kind: z.literal("entry"),
  id: z.number().int().positive(),
  at: z.iso.datetime(),
  actorId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  action: z.string(),
  incidentId: z.string().nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  detail: z.unknown(),
  ip: z.string().nullable(),
  prevHash: Hash,
  hash: Hash,
  keyed: z.boolean(),
});
export type AuditEntryLine = z.infer<typeof EntryLine>;

const HeadLine = z.object({
  kind: z.literal("head"),
  lastId: z.number().int().min(0),
  hash: Hash,
  keyedFrom: z.number().int().nullable(),
  mac: z.string().nullable(),
  /** The server's walk of the whole chain, with the audit key, while it read these entries. */
  chain: z.object({
    ok: z.boolean(),
    entries: z.number().int().min(0),
    firstBad: z.object({ id: z.number(), problem: z.string() }).nullable(),
  }),
});
export type AuditHeadLine = z.infer<typeof HeadLine>;

export function auditSegmentText(entries: readonly AuditEntryLine[], head: AuditHeadLine): string {
  return [...entries, head].map((line) => `${JSON.stringify(line)}\n`).join("");
}

export type AuditSegmentReport = {
  entries: number;
  /** Entries whose hash was recomputed from their content (SHA-256, or HMAC with the audit key). */
  hashesRecomputed: number;
  /** Keyed entries whose HMAC needs the audit key, not given: their links were checked, not their content. */
  hashesNotCheckable: number;
  /** Links between adjacent ids that were checked. */
  linksChecked: number;
  /** The last entry is the head's and its hash is the head's (else entries of other scopes came after it). */
  lastEntryIsHead: boolean;
  /** The head's HMAC was recomputed (needs the audit key). */
  headMacChecked: boolean;
  head: { lastId: number; hash: string };
};

export class AuditSegmentError extends Error {}

function contentOf(line: AuditEntryLine): ChainedContent {
  return { ...line, at: new Date(line.at), detail: line.detail ?? null };
}

function parseLines(text: string): { entries: AuditEntryLine[]; head: AuditHeadLine } {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const entries: AuditEntryLine[] = [];
  let head: AuditHeadLine | null = null;
  lines.forEach((raw, i) => {
    const where = `${i + 1}`;
    if (head) throw new AuditSegmentError(`line ${where}: a line after the head line`);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new AuditSegmentError(`line ${where}: not JSON`);
    }
    const kind = (json as { kind?: unknown } | null)?.kind;
    const parsed = kind === "head" ? HeadLine.safeParse(json) : EntryLine.safeParse(json);
    if (!parsed.success)
      throw new AuditSegmentError(`line ${where}: not an audit entry or head (${parsed.error.issues[0]?.message})`);
    if (parsed.data.kind === "head") head = parsed.data;
    else entries.push(parsed.data);
  });
  if (!head) throw new AuditSegmentError("no head line at the end");
  return { entries, head };
}

/**
 * Checks the segment offline; throws AuditSegmentError naming the first
 * failure. `auditKey` (derived from the instance's audit secret) lets keyed
 * entries' HMACs and the head's be recomputed too.
 */
export function checkAuditSegment(text: string, incidentId: string, auditKey?: Uint8Array): AuditSegmentReport {
  const { entries, head } = parseLines(text);
  if (!head.chain.ok) {
    const bad = head.chain.firstBad;
    throw new AuditSegmentError(
      `the server found the audit chain broken when the pack was made (entry ${bad?.id ?? "?"}: ${bad?.problem ?? "unknown"})`,
    );
  }
  let previous: AuditEntryLine | null = null;
  let hashesRecomputed = 0;
  let hashesNotCheckable = 0;
  let linksChecked = 0;
  for (const entry of entries) {
    const name = `entry ${entry.id}`;
    if (entry.incidentId !== incidentId) throw new AuditSegmentError(`${name}: belongs to another incident`);
    if (previous && entry.id <= previous.id) {
      throw new AuditSegmentError(`${name}: comes after entry ${previous.id}, not in chain order`);
    }
    if (previous && entry.id === previous.id + 1) {
      if (entry.prevHash !== previous.hash) throw new AuditSegmentError(`${name}: broken link to entry ${previous.id}`);
      linksChecked += 1;
    }
    if (head.keyedFrom !== null && entry.keyed !== entry.id >= head.keyedFrom) {
      throw new AuditSegmentError(`${name}: keyed is ${entry.keyed}, the head says keyed from ${head.keyedFrom}`);
    }
    if (!entry.keyed) {
      if (auditEntryHash(entry.prevHash, contentOf(entry)) !== entry.hash)
        throw new AuditSegmentError(`${name}: edited`);
      hashesRecomputed += 1;
    } else if (auditKey) {
      if (auditEntryMac(auditKey, entry.prevHash, contentOf(entry)) !== entry.hash) {
        throw new AuditSegmentError(`${name}: edited (its HMAC does not match under the audit key)`);
      }
      hashesRecomputed += 1;
    } else {
      hashesNotCheckable += 1;
    }
    previous = entry;
  }
  if (previous && previous.id > head.lastId)
    throw new AuditSegmentError(`entry ${previous.id}: after the head (${head.lastId})`);
  const isLast = previous !== null && previous.id === head.lastId;
  if (isLast && previous!.hash !== head.hash)
    throw new AuditSegmentError(`entry ${previous!.id}: its hash is not the head's`);
  const headMacChecked = auditKey !== undefined && head.keyedFrom !== null;
  if (headMacChecked) {
    const mac = auditHeadMac(auditKey, { lastId: head.lastId, hash: head.hash, keyedFrom: head.keyedFrom! });
    if (mac !== head.mac) throw new AuditSegmentError("head: its HMAC does not match under the audit key");
  }
  return {
    entries: entries.length,
    hashesRecomputed,
    hashesNotCheckable,
    linksChecked,
    lastEntryIsHead: isLast,
    headMacChecked,
    head: { lastId: head.lastId, hash: head.hash },
  };
}
