import { z } from "zod";
import { ACTION_KINDS, HOLD_STATES, ITEM_STATUSES, RESET_STATES } from "../../../lib/remediation/actions";
import { RISK_TIERS } from "../../../lib/risk/rules";
import { BALANCE_TIERS } from "../../../lib/risk/balance-tiers";
import { ACTION_STATUSES, TriageFilterInput, TriagePageInput } from "../../../lib/triage/filter";
import { defineOperation } from "../operation";
import { named } from "../schemas/named";
import { NullableTime, PageInfo, Slug, SlugParams, Time } from "../schemas/common";

const MASKING =
  "Roles without `accounts.read_unmasked` (managers) see e-mail addresses masked (j***@example.com), as in the dashboard; " +
  "they may neither sort by address nor search for one (422). Seeing an address unmasked is recorded in the audit log.";

const FiredRule = named(
  "FiredRule",
  z.object({
    id: z.string(),
    tier: z.enum(RISK_TIERS),
    title: z.string(),
    reason: z.string().meta({ description: "Filled in with the account's own figures." }),
  }),
);

const RemediationState = named(
  "RemediationState",
  z.object({
    reset: z.enum(RESET_STATES),
    resetAt: NullableTime,
    hold: z.enum(HOLD_STATES),
    holdUntil: NullableTime.meta({ description: "Active holds: when it ends (null: until released)." }),
    holdChangedAt: NullableTime,
  }),
);

const TriageRow = named(
  "TriageRow",
  z.object({
    id: z.number().int().meta({ description: "The triage row (one exposed address)." }),
    accountId: z.number().int().nullable(),
    externalId: z
      .string()
      .nullable()
      .meta({ description: "The exchange's account id; null when the address matched no account." }),
    email: z.string().meta({ description: "Masked for roles without accounts.read_unmasked." }),
    riskTier: z.enum(RISK_TIERS),
    rules: z.array(FiredRule),
    twoFactorEnabled: z.boolean().nullable(),
    balanceUsdCents: z.number().int().nullable(),
    balanceTier: z.string().nullable(),
    country: z.string().nullable(),
    eventsAfterT0: z.number().int(),
    lastEventAt: NullableTime,
    exposureCount: z.number().int(),
    seenBy: z.number().int(),
    firstMessageId: z.number().int(),
    remediation: RemediationState,
  }),
);

/** The Exposed accounts table's query: its filter, sort and page, exactly as in the dashboard's URL. */
const filter = TriageFilterInput.shape;
const page = TriagePageInput.shape;
const TriageQuery = TriageFilterInput.extend({
  matched: filter.matched.meta({
    description: "yes: addresses that matched a customer account; no: those that did not.",
  }),
  tier: filter.tier.meta({
    description: `Risk tiers, comma-separated (tier=critical,high), of: ${RISK_TIERS.join(", ")}.`,
  }),
  twoFactor: filter.twoFactor.meta({ description: "Whether the account has a second factor." }),
  balance: filter.balance.meta({ description: `Balance tiers, comma-separated, of: ${BALANCE_TIERS.join(", ")}.` }),
  country: filter.country.meta({ description: "Two-letter ISO country codes, comma-separated." }),
  events: filter.events.meta({ description: "yes: accounts with security events after T0." }),
  action: filter.action.meta({
    description: `Remediation states, comma-separated, of: ${ACTION_STATUSES.join(", ")}.`,
  }),
  group: filter.group.meta({ description: "One exposing message (its id)." }),
  q: filter.q.meta({
    description: "The exchange's account id, or (roles that see addresses) an address or its start.",
  }),
  rule: filter.rule.meta({ description: "Accounts that fire this risk rule (its id)." }),
  bulk: filter.bulk.meta({ description: "Exactly the accounts frozen in this bulk action of the incident (its id)." }),
  sort: page.sort.meta({ description: "Order of the rows (email only for roles that see addresses)." }),
  after: page.after.meta({ description: "The cursor of the page to read: the previous answer's page.next." }),
  size: page.size.meta({ description: "Rows per page." }),
});

export const listExposedAccountsOperation = defineOperation({
  method: "GET",
  path: "/incidents/{slug}/accounts",
  operationId: "listExposedAccounts",
  tag: "Exposed accounts",
  summary: "The Exposed accounts table (triage results): filtered, sorted, a page at a time.",
  description:
    "The query is the dashboard table's own (copy it from the page's URL): lists are comma-separated. " +
    "Pages are keyset-paginated: pass `page.next` back as `after` (it is opaque and bound to the incident and sort) until it is null. " +
    MASKING,
  auth: { kind: "staff", permission: "accounts.read" },
  params: SlugParams,
  query: TriageQuery,
  responses: {
    200: {
      description: "One page of rows, in the sort's order, and how many rows match in all.",
      schema: z.object({ accounts: z.array(TriageRow), total: z.number().int(), page: PageInfo }),
    },
  },
});

export const exportExposedAccountsOperation = defineOperation({
  method: "GET",
  path: "/incidents/{slug}/accounts/export",
  operationId: "exportExposedAccounts",
  tag: "Exposed accounts",
  summary: "Every row matching the table's filter (not only a page) as CSV, streamed. The export is audited.",
  description: MASKING,
  auth: { kind: "staff", permission: "accounts.read" },
  params: SlugParams,
  query: TriageQuery.omit({ after: true, size: true }),
  responses: {
    200: {
      description: "CSV with a header row.",
      csv: true,
      headers: { "X-Row-Count": "How many rows the file holds." },
    },
  },
});

const AccountExposure = z.object({
  messageId: z.number().int(),
  batchKey: z.string(),
  subject: z.string().nullable(),
  sentAt: NullableTime,
  recipientCount: z.number().int(),
  visibility: z.string(),
  listedAs: z.string().meta({ description: "The address as the message listed it (masked where it must be)." }),
});

const AccountAction = z.object({
  bulkActionId: z.string(),
  kind: z.enum(ACTION_KINDS),
  origin: z.enum(["single", "bulk", "recommendation"]),
  status: z.enum(ITEM_STATUSES),
  bulkStatus: z.string(),
  reason: z.string(),
  note: z.string().nullable(),
  requestedBy: z.string().nullable(),
  createdAt: Time,
  doneAt: NullableTime,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
});

const ActiveHold = z.object({
  id: z.string().meta({ description: "Release it with releaseHold." }),
  reason: z.string(),
  placedAt: Time,
  expiresAt: NullableTime,
  placedBy: z.string().nullable(),
});

const ExposedAccount = named(
  "ExposedAccount",
  z.object({
    id: z.number().int(),
    externalId: z.string(),
    email: z.string(),
    twoFactorEnabled: z.boolean(),
    balanceUsdCents: z.number().int().nullable(),
    balanceTier: z.string().nullable(),
    country: z.string().nullable(),
    openedAt: NullableTime,
    lastLoginAt: NullableTime,
    riskTier: z.enum(RISK_TIERS),
    rules: z.array(FiredRule),
    seenBy: z.number().int(),
    eventsAfterT0: z.number().int(),
    exposures: z.array(AccountExposure),
    remediation: RemediationState,
    activeHold: ActiveHold.nullable(),
    criticalRules: z
      .array(z.string())
      .meta({ description: "Critical risk rules still firing (a release must confirm them)." }),
    actions: z
      .array(AccountAction)
      .meta({ description: "Remediation actions on the account in this incident, newest first." }),
  }),
);

export const AccountParams = z.object({
  slug: Slug,
  accountId: z.string().min(1).max(128).meta({ description: "The exchange's account id." }),
});

export const getExposedAccountOperation = defineOperation({
  method: "GET",
  path: "/incidents/{slug}/accounts/{accountId}",
  operationId: "getExposedAccount",
  tag: "Exposed accounts",
  summary:
    "One exposed account: the messages that exposed it, its risk tier and the rules behind it, its remediation, holds and actions.",
  description: `Named by the exchange's account id. An account this incident did not expose is 404. ${MASKING}`,
  auth: { kind: "staff", permission: "accounts.read" },
  params: AccountParams,
  responses: { 200: { description: "The account.", schema: z.object({ account: ExposedAccount }) } },
});
