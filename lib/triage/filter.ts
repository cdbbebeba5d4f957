import { z } from "zod";
import { BALANCE_TIERS } from "../risk/balance-tiers";
import { RISK_TIERS } from "../risk/rules";

// The triage table's filter, sort and page, as they live in the URL
// (?tier=critical,high&twoFactor=no&sort=risk&after=...). Shared by the page,
// the export and "select all that match" for bulk actions, so all three see
// exactly the same accounts.

export const TRIAGE_SORTS = ["risk", "balance", "last_event", "email"] as const;
export type TriageSort = (typeof TRIAGE_SORTS)[number];

// Remediation states the table filters on (server/remediation: account_remediation).
export const ACTION_STATUSES = [
  "none",
  "reset_requested",
  "reset_sent",
  "reset_completed",
  "hold_active",
  "hold_released",
  "hold_expired",
] as const;
export type ActionStatusFilter = (typeof ACTION_STATUSES)[number];

const list = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .optional()
    .transform((text) => (text ? text.split(",").filter(Boolean) : []))
    .pipe(z.array(z.enum(values)));

const yesNo = z.enum(["yes", "no"]).optional();

export const TriageFilterInput = z.object({
  matched: yesNo,
  tier: list(RISK_TIERS),
  twoFactor: yesNo,
  balance: list(BALANCE_TIERS),
  country: z
    .string()
    .optional()
    .transform((text) => (text ? text.toUpperCase().split(",").filter(Boolean) : []))
    .pipe(z.array(z.string().regex(/^[A-Z]{2}$/, "Countries are two-letter ISO codes."))),
  events: yesNo,
  action: list(ACTION_STATUSES),
  group: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(320).optional().transform((q) => q || undefined),
  rule: z.string().regex(/^[a-z0-9_]+$/).max(64).optional(),
});
export type TriageFilter = z.output<typeof TriageFilterInput>;

export const TriagePageInput = z.object({
  sort: z.enum(TRIAGE_SORTS).default("risk"),
  after: z.string().max(200).optional(),
  size: z.coerce.number().int().min(10).max(200).default(50),
});
export type TriagePage = z.output<typeof TriagePageInput>;

/** searchParams (as Next gives them) to a filter and page, or the validation error. */
export function parseTriageQuery(params: Record<string, string | string[] | undefined>) {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value.join(",") : value;
    if (first !== undefined && first !== "") flat[key] = first;
  }
  const filter = TriageFilterInput.safeParse(flat);
  const page = TriagePageInput.safeParse(flat);
  return { filter, page };
}

/** The filter back as URL parameters (empty ones left out), for links and exports. */
export function triageFilterToParams(filter: Partial<TriageFilter>, extra: Record<string, string | undefined> = {}): URLSearchParams {
  const params = new URLSearchParams();
  const set = (key: string, value: string | number | undefined) => {
    if (value !== undefined && value !== "") params.set(key, String(value));
  };
  set("matched", filter.matched);
  set("tier", filter.tier?.join(","));
  set("twoFactor", filter.twoFactor);
  set("balance", filter.balance?.join(","));
  set("country", filter.country?.join(","));
  set("events", filter.events);
  set("action", filter.action?.join(","));
  set("group", filter.group);
  set("q", filter.q);
  set("rule", filter.rule);
  for (const [key, value] of Object.entries(extra)) set(key, value);
  return params;
}

/** Keyset cursor: the sort value and id of the last row of the previous page. */
export function encodeCursor(value: string | number | null, id: number): string {
  return Buffer.from(JSON.stringify([value, id])).toString("base64url");
}

export function decodeCursor(cursor: string | undefined): { value: string | number | null; id: number } | null {
  if (!cursor) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed.length === 2 && Number.isInteger(parsed[1]) && (parsed[0] === null || ["string", "number"].includes(typeof parsed[0]))) {
      return { value: parsed[0] as string | number | null, id: parsed[1] as number };
    }
  } catch {
    // Fall through: a tampered or stale cursor starts from the first page.
  }
  return null;
}
