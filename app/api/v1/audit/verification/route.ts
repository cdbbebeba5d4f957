import { getAuditVerificationOperation } from "@/server/api/operations/audit";
import { operationRoute } from "@/server/api/operation-route";
import { checkAuditChain } from "@/server/audit/check-audit-chain";

export const dynamic = "force-dynamic";

/** What `breachdesk audit verify` and the Audit page's "Verify" compute, now. */
export const GET = operationRoute(getAuditVerificationOperation, async ({ db }) => {
  const { firstBad, ...report } = await checkAuditChain(db);
  return {
    status: 200,
    body: { verification: { ...report, firstBad: firstBad ?? null, checkedAt: new Date().toISOString() } },
  };
});
