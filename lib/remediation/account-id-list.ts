// A file of account ids as support staff have them: one per line, or a CSV
// whose first column (or a column named like "account_id") holds them.

export const MAX_FILE_ACCOUNT_IDS = 20_000;

const ID_HEADERS = new Set(["account_id", "account id", "accountid", "account", "id", "external_id", "customer_id"]);

export type AccountIdList = { ids: string[]; duplicates: number; error?: string };

export function parseAccountIdList(text: string): AccountIdList {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const header = (lines[0] ?? "").split(/[,;\t]/).map((cell) => cell.trim().replace(/^"|"$/g, "").toLowerCase());
  const column = Math.max(0, header.findIndex((cell) => ID_HEADERS.has(cell)));
  const start = header.some((cell) => ID_HEADERS.has(cell)) ? 1 : 0;
  const seen = new Set<string>();
  let duplicates = 0;
  for (const line of lines.slice(start)) {
    const cell = (line.split(/[,;\t]/)[column] ?? "").trim().replace(/^"|"$/g, "");
    if (!cell) continue;
    if (seen.has(cell)) duplicates += 1;
    else seen.add(cell);
  }
  const ids = [...seen];
  if (ids.length === 0) return { ids, duplicates, error: "The file has no account ids." };
  if (ids.length > MAX_FILE_ACCOUNT_IDS) {
    return {
      ids: [],
      duplicates,
      error: `The file has ${ids.length.toLocaleString("en-GB")} account ids; the browser takes ${MAX_FILE_ACCOUNT_IDS.toLocaleString("en-GB")} at a time. Split it, or use the API (POST …/bulk-actions with accountIds).`,
    };
  }
  return { ids, duplicates };
}
