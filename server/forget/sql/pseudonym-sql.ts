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

/** $1 … $4 of a unit statement that walks by key (its cursor is the statement's own $5 on). */
export function unitArgs(p: UnitParams): unknown[] {
  return [p.incidentId, p.pads?.ipad ?? null, p.pads?.opad ?? null, p.limit];
}

/** HMAC-SHA256(key, lower(expr)) as `pseud:<hex>`, from the pads in $2 and $3, with the database's built-in sha256(). */
export function pseudonymSql(expr: string): string {
  return `('${PSEUDONYM_PREFIX}' || encode(sha256($3::bytea || sha256($2::bytea || convert_to(lower(${expr}), 'UTF8'))), 'hex'))`;
}

/** The column does not hold a pseudonym yet (a row a unit has not done). */
export function notPseudonymSql(column: string): string {
  return `${column} NOT LIKE '${PSEUDONYM_PREFIX}%'`;
}

// Anything shaped like an address inside free text (a note, an SMTP answer,
// a reason someone typed): replaced, the rest of the text kept.
export const ADDRESS_IN_TEXT = `[^[:space:]<>()",;:@]+@[[:alnum:].-]+\\.[[:alpha:]]{2,}`;

/** `expr` with every address in it replaced by "[address removed]" (NULL stays NULL). */
export function redactSql(expr: string): string {
  return `regexp_replace(${expr}, '${ADDRESS_IN_TEXT}', '[address removed]', 'g')`;
}

/** The same test as redactSql's, for a WHERE clause (only rows that carry one are rewritten). */
export function carriesAddressSql(expr: string): string {
  return `${expr} ~ '${ADDRESS_IN_TEXT}'`;
}
