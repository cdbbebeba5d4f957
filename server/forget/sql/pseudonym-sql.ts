import { PSEUDONYM_PREFIX } from "../../../lib/forget/keyed-hash";

/**
 * The parameters every unit statement takes, in this order: the incident,
 * HMAC's two padded keys (lib/forget/keyed-hash.ts, null for erasure), how
 * many rows, and where the last unit stopped.
 */
export type UnitParams = {
  incidentId: string;
  pads: { ipad: Buffer; opad: Buffer } | null;
  limit: number;
  after: unknown;
};

/** $1 … $4 of a unit statement (a keyset cursor, if any, is the statement's own $5). */
export function unitArgs(p: UnitParams): unknown[] {
  return [p.incidentId, p.pads?.ipad ?? null, p.pads?.opad ?? null, p.limit];
}

/** HMAC-SHA256(key, lower(expr)) as `pseud:<hex>`, from the pads in $2 and $3, with the database's built-in sha256(). */
export function pseudonymSql(expr: string): string {
  return `('${PSEUDONYM_PREFIX}' || encode(sha256($3::bytea || sha256($2::bytea || convert_to(lower(${expr}), 'UTF8'))), 'hex'))`;
}

/**
 * Rows whose address (a "C"-collated key) is not yet a pseudonym, as two
 * index ranges: below "pseud:" and from "pseud;" on (pseudonyms sort between
 * them). Each unit reads its range from the start of the index and never
 * walks over the pseudonyms it wrote, so a million rows cost no more per
 * unit at the end than at the start.
 */
export type AddressRange = "below" | "above";

export function addressRangeSql(column: string, range: AddressRange): string {
  return range === "below" ? `${column} < '${PSEUDONYM_PREFIX}'` : `${column} >= 'pseud;'`;
}

// Anything shaped like an address inside free text (a note, an SMTP answer,
// a reason someone typed): replaced, the rest of the text kept.
const ADDRESS_IN_TEXT = `[^[:space:]<>()",;:@]+@[[:alnum:].-]+\\.[[:alpha:]]{2,}`;

/** `expr` with every address in it replaced by "[address removed]" (NULL stays NULL). */
export function redactSql(expr: string): string {
  return `regexp_replace(${expr}, '${ADDRESS_IN_TEXT}', '[address removed]', 'g')`;
}

/** The same test as redactSql's, for a WHERE clause (only rows that carry one are rewritten). */
export function carriesAddressSql(expr: string): string {
  return `${expr} ~ '${ADDRESS_IN_TEXT}'`;
}
