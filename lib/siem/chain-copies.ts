import { parseForwardedLine, type ChainCopy } from "./parse-forwarded";

// The SIEM's copy of the chain, from its lines: one copy per entry id. The
// same entry received twice (a batch resent after a crash) is one copy; two
// different hashes for one id are a difference in themselves.

export type ChainCopies = {
  byId: Map<number, ChainCopy>;
  /** The first id (smallest) whose copies disagree. */
  conflictingId: number | null;
  lines: number;
  duplicates: number;
  unrecognised: number;
};

export function emptyChainCopies(): ChainCopies {
  return { byId: new Map(), conflictingId: null, lines: 0, duplicates: 0, unrecognised: 0 };
}

export function addForwardedLine(copies: ChainCopies, line: string): void {
  if (line.trim() === "") return;
  copies.lines += 1;
  const copy = parseForwardedLine(line);
  if (!copy) {
    copies.unrecognised += 1;
    return;
  }
  const seen = copies.byId.get(copy.id);
  if (!seen) {
    copies.byId.set(copy.id, copy);
    return;
  }
  copies.duplicates += 1;
  if (seen.hash !== copy.hash && (copies.conflictingId === null || copy.id < copies.conflictingId)) {
    copies.conflictingId = copy.id;
  }
}
