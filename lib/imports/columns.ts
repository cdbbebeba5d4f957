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

export function describeHeader(header: readonly string[]): string {
  const names = header.map((name) => name.trim()).filter((name) => name.length > 0);
  return names.length > 0 ? names.join(", ") : "no column names";
}
