import { holds } from "@/lib/auth/permissions";
import { getExposedAccountOrThrow } from "@/server/accounts/get-exposed-account";
import { listAccountActions } from "@/server/accounts/list-account-actions";
import { recordUnmaskedAccountView } from "@/server/accounts/record-unmasked-view";
import { getExposedAccountOperation } from "@/server/api/operations/accounts";
import { operationRoute } from "@/server/api/operation-route";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { getAccountRemediation } from "@/server/remediation/get-account-remediation";
import { accountIdByExternalIdOrThrow } from "@/server/accounts/account-external-id";

export const dynamic = "force-dynamic";

/** One exposed account, as its page shows it; an unmasked view is audited as the page's is. */
export const GET = operationRoute(getExposedAccountOperation, async ({ db, user, params }) => {
  const incident = await getIncidentBySlugOrThrow(db, params.slug);
  const id = await accountIdByExternalIdOrThrow(db, params.accountId);
  const unmasked = holds(user, "accounts.read_unmasked");
  const account = await getExposedAccountOrThrow(db, incident, id, { unmasked });
  if (unmasked) await recordUnmaskedAccountView(db, user, incident.id, account.id);
  const [remediation, actions] = await Promise.all([
    getAccountRemediation(db, incident.id, account.id),
    listAccountActions(db, incident.id, account.id),
  ]);
  return {
    status: 200,
    body: {
      account: {
        ...account,
        remediation: remediation.state,
        activeHold: remediation.activeHold,
        criticalRules: remediation.criticalRules,
        actions,
      },
    },
  };
});
