import { SecurityChangesTable } from "@/components/incidents/security-changes-table";
import { can, type Role } from "@/lib/auth/permissions";
import { getDb } from "@/server/db";
import { listRecentSecurityChanges } from "@/server/incidents/list-recent-security-changes";

export async function SecurityChangesWidget({
  incident,
  viewerRole,
}: {
  incident: { id: string; slug: string; awareAt: Date };
  viewerRole: Role;
}) {
  const rows = await listRecentSecurityChanges(await getDb(), incident, {
    limit: 10,
    unmasked: can(viewerRole, "accounts.read_unmasked"),
  });
  return <SecurityChangesTable rows={rows} accountHrefBase={`/incidents/${encodeURIComponent(incident.slug)}/accounts`} />;
}
