import { RemediationHeadline } from "@/components/remediation/remediation-headline";
import { can } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/permissions";
import { regulatorClockNumber } from "@/lib/remediation-charts/regulator-clock";
import { getDb } from "@/server/db";
import { loadMilestoneTimes } from "../load-incident";
import { readRemediationCharts } from "@/server/remediation-stats/read-remediation-charts";

export async function RemediationHeadlineWidget({
  incident,
  viewerRole,
}: {
  incident: { id: string; slug: string; awareAt: Date; leakStartedAt: Date };
  viewerRole: Role;
}) {
  const db = await getDb();
  const [{ data }, milestones] = await Promise.all([
    readRemediationCharts(db, incident),
    loadMilestoneTimes(incident),
  ]);
  const clock = regulatorClockNumber(incident.awareAt, milestones.regulator_notified, new Date());
  return (
    <RemediationHeadline
      slug={incident.slug}
      headline={data.headline}
      medianHoursByTier={data.firstAction.medianHoursByTier}
      clock={{ ...clock, href: `/incidents/${encodeURIComponent(incident.slug)}/timeline` }}
      linkAccounts={can(viewerRole, "accounts.read")}
      omit={["exposed", "matched"]}
    />
  );
}
