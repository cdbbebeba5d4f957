import type { FiredRule } from "../risk/explain";
import type { TriageTableRow } from "./types";

/** The Exposed accounts table's columns a viewer may hide; e-mail and Action always show. */
export const OPTIONAL_TRIAGE_COLUMNS = [
  { value: "risk", label: "Risk" },
  { value: "account", label: "Account" },
  { value: "why", label: "Why" },
  { value: "twoFactor", label: "2FA" },
  { value: "balance", label: "Balance" },
  { value: "country", label: "Country" },
  { value: "afterT0", label: "After T0" },
  { value: "seenBy", label: "Seen by" },
] as const;

export type OptionalTriageColumn = (typeof OPTIONAL_TRIAGE_COLUMNS)[number]["value"];
type TriageDensity = "comfortable" | "compact";
/** What a browser remembers of the table's look: hidden columns and row density. */
export type TriageTableView = { hidden: OptionalTriageColumn[]; density: TriageDensity };

export const DEFAULT_TRIAGE_VIEW: TriageTableView = { hidden: [], density: "comfortable" };

const COLUMN_KEYS = new Set<string>(OPTIONAL_TRIAGE_COLUMNS.map((c) => c.value));

/**
 * The stored view (localStorage holds JSON a person, an old version or another
 * tab may have left in any shape): unknown columns and values fall back to the
 * defaults rather than failing the table.
 */
export function parseTriageTableView(raw: string | null): TriageTableView {
  if (!raw) return DEFAULT_TRIAGE_VIEW;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return DEFAULT_TRIAGE_VIEW;
  }
  if (typeof value !== "object" || value === null) return DEFAULT_TRIAGE_VIEW;
  const { hidden, density } = value as { hidden?: unknown; density?: unknown };
  return {
    hidden: Array.isArray(hidden)
      ? [
          ...new Set(
            hidden.filter((key): key is OptionalTriageColumn => typeof key === "string" && COLUMN_KEYS.has(key)),
          ),
        ]
      : [],
    density: density === "compact" ? "compact" : "comfortable",
  };
}

/**
 * Columns that say the same on every row of the page (every recipient of the
 * demo's leak was "seen by 999"): shown once above the table instead, with the
 * value, and left out of the rows. One row is no pattern, so it keeps them.
 */
export function constantTriageColumns(
  rows: readonly Pick<TriageTableRow, "seenBy" | "country">[],
): { column: "seenBy" | "country"; label: string; value: string }[] {
  if (rows.length < 2) return [];
  const first = rows[0]!;
  const constant: { column: "seenBy" | "country"; label: string; value: string }[] = [];
  if (rows.every((row) => row.seenBy === first.seenBy))
    constant.push({ column: "seenBy", label: "Seen by", value: first.seenBy.toLocaleString("en-US") });
  if (first.country !== null && rows.every((row) => row.country === first.country))
    constant.push({ column: "country", label: "Country", value: first.country });
  return constant;
}

const TIER_ORDER: Record<FiredRule["tier"], number> = { critical: 0, high: 1, medium: 2, low: 3 };
// The balance rules restate the Balance column, and "balance and no 2FA" also
// restates "no 2FA": one chip names the facts once, with every rule's title.
const BALANCE_RULES = new Set(["balance_without_2fa", "large_balance", "no_2fa"]);

/**
 * A row's "why" chips with the balance and 2FA rules folded into one, its tier
 * the highest of them, naming thresholds rather than repeating the row's balance.
 */
export function mergeWhyChips(rules: readonly FiredRule[]): FiredRule[] {
  const folded = rules.filter((rule) => BALANCE_RULES.has(rule.id));
  // Alone, the large-balance rule names its threshold, not the amount the Balance column shows.
  if (folded.length < 2)
    return rules.map((rule) => (rule.id === "large_balance" ? { ...rule, reason: "balance ≥ $10,000" } : rule));
  const ids = new Set(folded.map((rule) => rule.id));
  const noTwoFactor = ids.has("no_2fa") || ids.has("balance_without_2fa");
  const balance = ids.has("large_balance")
    ? "balance ≥ $10,000"
    : ids.has("balance_without_2fa")
      ? "balance ≥ $1,000"
      : null;
  const merged: FiredRule = {
    id: folded.map((rule) => rule.id).join("+"),
    tier: folded.reduce((top, rule) => (TIER_ORDER[rule.tier] < TIER_ORDER[top] ? rule.tier : top), folded[0]!.tier),
    title: folded.map((rule) => rule.title).join(" · "),
    reason: [noTwoFactor ? "no 2FA" : null, balance].filter(Boolean).join(", "),
  };
  const at = rules.findIndex((rule) => BALANCE_RULES.has(rule.id));
  const rest = rules.filter((rule) => !BALANCE_RULES.has(rule.id));
  return [...rest.slice(0, at), merged, ...rest.slice(at)];
}
