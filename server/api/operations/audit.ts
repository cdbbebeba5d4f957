import { z } from "zod";
import { defineOperation } from "../operation";
import { named } from "../schemas/named";

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
