"use server";

import { defineAction } from "@/server/action";
import { verifyAndRecordAuditChain } from "@/server/audit/verify-and-record-audit-chain";

/** Walks the whole chain now (seconds for a million entries); the check itself is audited. */
export const verifyAuditChainAction = defineAction({
  permission: "audit.read",
  args: () => ({}),
  run: async ({ db, user }) => ({ ok: true as const, report: await verifyAndRecordAuditChain(db, user) }),
  failure: "message",
});
