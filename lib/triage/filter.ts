import { z } from "zod";
import { BALANCE_TIERS } from "../risk/balance-tiers";
import { RISK_TIERS } from "../risk/rules";
import { storableText } from "../validation/storable";

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
  // A NUL would reach the query as a parameter PostgreSQL refuses (an error page).
  q: storableText().trim().max(320).optional().transform((q) => q || undefined),
  rule: z.string().regex(/^[a-z0-9_]+$/).max(64).optional(),
  // Exactly the accounts frozen in one bulk action (its approve panel links here).
  bulk: z.uuid("A bulk action's id is a UUID.").optional(),
});
export type TriageFilter = z.output<typeof TriageFilterInput>;

export const TriagePageInput = z.object({
  sort: z.enum(TRIAGE_SORTS).default("risk"),
  // A sealed keyset cursor (server/triage/triage-cursor.ts); one that does not open starts at page 1.
  after: z.string().max(1000).optional(),
  size: z.coerce.number().int().min(10).max(200).default(50),
});
export type TriagePage = z.output<typeof TriagePageInput>;

/** What the viewer may see: without `accounts.read_unmasked`, addresses are masked. */
export type TriageViewer = { unmasked: boolean };

/** The sorts a viewer may use: sorting by address would reveal the addresses a masked viewer cannot see. */
export function triageSortsFor(viewer: TriageViewer): readonly TriageSort[] {
  return viewer.unmasked ? TRIAGE_SORTS : TRIAGE_SORTS.filter((sort) => sort !== "email");
}

export const MASKED_SORT_MESSAGE = "Sorting by e-mail address needs the right to see addresses; sort by risk, balance or last event.";
const MASKED_SEARCH_MESSAGE = "Your role sees addresses masked: search by account id.";

/**
 * searchParams (as Next gives them) to a filter and page, or the validation
 * error. A viewer who sees addresses masked may neither sort by address nor
 * search for one (the order of rows, or whether a search finds anything,
 * would tell them the address); the data layer enforces the same again.
 */
// For viewers who see masked addresses: no search by address, no sort by it.
// Built once (zod compiles a schema on its first use, every new one again).
const MaskedTriageFilterInput = TriageFilterInput.refine((f) => f.q === undefined || !f.q.includes("@"), {
  path: ["q"],
  message: MASKED_SEARCH_MESSAGE,
});
const MaskedTriagePageInput = TriagePageInput.refine((p) => p.sort !== "email", {
  path: ["sort"],
  message: MASKED_SORT_MESSAGE,
});

export function parseTriageQuery(params: Record<string, string | string[] | undefined>, viewer: TriageViewer) {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value.join(",") : value;
    if (first !== undefined && first !== "") flat[key] = first;
  }
  const filterInput = viewer.unmasked ? TriageFilterInput : MaskedTriageFilterInput;
  const pageInput = viewer.unmasked ? TriagePageInput : MaskedTriagePageInput;
  const filter = filterInput.safeParse(flat);
  const page = pageInput.safeParse(flat);
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
  set("bulk", filter.bulk);
  for (const [key, value] of Object.entries(extra)) set(key, value);
  return params;
}
