/**
 * Header names compare case-insensitively, trimmed, with spaces, underscores and hyphens
 * equivalent ("Email Address" = "email_address" = "e-mail address" -> "e mail address"),
 * because every export tool spells them differently.
 */
export function headerKey(name: string): string {
  return name
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, " ");
}

/** Index of the first column named by the earliest synonym in the list, or -1. */
export function findColumn(header: readonly string[], synonyms: readonly string[]): number {
  const keys = header.map(headerKey);
  for (const synonym of synonyms) {
    const index = keys.indexOf(headerKey(synonym));
    if (index !== -1) return index;
  }
  return -1;
}

const SHOWN_COLUMNS = 20;
const SHOWN_NAME_LENGTH = 60;

/**
 * The header's column names for an error message, capped: a file with
 * thousands of columns (or one enormous name) still gets a short message.
 */
export function describeHeader(header: readonly string[]): string {
  const names = header.map((name) => name.trim()).filter((name) => name.length > 0);
  if (names.length === 0) return "no column names";
  const shown = names
    .slice(0, SHOWN_COLUMNS)
    .map((name) => (name.length > SHOWN_NAME_LENGTH ? `${name.slice(0, SHOWN_NAME_LENGTH)}…` : name));
  const rest = names.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} and ${rest} more` : shown.join(", ");
}
