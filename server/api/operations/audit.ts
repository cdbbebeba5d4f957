import { z } from "zod";
import { defineOperation } from "../operation";
import { AUDIT_EXPORT_FORMATS, AuditLogFilterQuery, AuditLogPageQuery } from "../../../lib/audit/log-query";
import { named } from "../schemas/named";
import { PageInfo, Time } from "../schemas/common";

const AuditVerification = named(
  "AuditVerification",
  z.object({
    ok: z.boolean().meta({ description: "Every entry's hash and link checks out, and the chain ends at the head." }),
    entries: z.number().int(),
    head: z
      .string()
      .meta({ description: "The last entry's hash: write it down outside the system to pin the history." }),
    lastId: z.number().int(),
    firstBad: z
      .object({
        id: z.number().int(),
        problem: z.enum(["edited", "broken-link", "unsealed", "not-keyed", "head-mismatch"]),
      })
      .nullable()
      .meta({ description: "The first entry that fails, and how; null when ok." }),
    ms: z.number(),
    checkedAt: z.iso.datetime(),
  }),
);

export const getAuditVerificationOperation = defineOperation({
  method: "GET",
  path: "/audit/verification",
  operationId: "verifyAuditChain",
  tag: "Audit",
  summary:
    "Walks the audit log's hash chain now and says whether it is intact (what `breachdesk audit verify` computes).",
  description:
    "Reads the whole chain: seconds on a large log. A token bound to one incident is refused (the log is global).",
  auth: { kind: "staff", permission: "audit.read" },
  responses: { 200: { description: "The verification.", schema: z.object({ verification: AuditVerification }) } },
});

const AuditEntry = named(
  "AuditEntry",
  z.object({
    id: z.number().int().meta({ description: "The entry's position in the chain (1, 2, 3 …)." }),
    at: Time,
    actor: z
      .string()
      .nullable()
      .meta({ description: "The acting staff member's e-mail; null for Breachdesk's own entries." }),
    action: z.string(),
    incident: z.string().nullable().meta({ description: "The slug of the incident the entry belongs to, if any." }),
    target: z
      .object({
        type: z.string(),
        id: z
          .string()
          .nullable()
          .meta({ description: "As stored (a customer account's internal number, a bulk action's UUID)." }),
        label: z
          .string()
          .meta({
            description: "What people call it: the exchange's account id, an incident's slug, a staff member's e-mail.",
          }),
      })
      .nullable(),
    detail: z
      .unknown()
      .meta({ description: "What the action recorded (JSON); with `tokenId` when an API token acted." }),
    ip: z.string().nullable(),
    hash: z.string().nullable().meta({ description: "The entry's link in the chain (HMAC-SHA256 or SHA-256, hex)." }),
  }),
);

const AUDIT_SCOPE =
  "The log is global: a token bound to one incident is refused (403). Filters combine (all must hold); the same query " +
  "as the Audit log page's URL.";

export const listAuditEntriesOperation = defineOperation({
  method: "GET",
  path: "/audit/entries",
  operationId: "listAuditEntries",
  tag: "Audit",
  summary: "The audit log, newest first, a page at a time, filtered by actor, action, target and time.",
  description:
    `${AUDIT_SCOPE} Pages follow the chain (keyset, by entry id): pass \`page.next\` back as \`after\` until it is null; ` +
    "entries appended meanwhile never shift a page.",
  auth: { kind: "staff", permission: "audit.read" },
  query: AuditLogPageQuery.extend({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
  responses: {
    200: {
      description: "One page of entries.",
      schema: z.object({ entries: z.array(AuditEntry), page: PageInfo }),
    },
  },
});

export const exportAuditEntriesOperation = defineOperation({
  method: "GET",
  path: "/audit/entries/export",
  operationId: "exportAuditEntries",
  tag: "Audit",
  summary:
    "Every entry the filter selects, newest first, streamed as CSV or JSON lines (the export is itself audited).",
  description: `${AUDIT_SCOPE} Entries appended while the export runs are left out.`,
  auth: { kind: "staff", permission: "audit.read" },
  query: AuditLogFilterQuery.extend({
    format: z
      .enum(AUDIT_EXPORT_FORMATS)
      .default("csv")
      .meta({ description: "csv (a header row), or jsonl: one entry as JSON a line." }),
  }),
  responses: {
    200: { description: "CSV with a header row, or JSON lines (`application/jsonl`).", csv: true, jsonLines: true },
  },
});
