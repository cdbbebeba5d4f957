import type { Metadata } from "next";
import { CreateIncidentForm } from "@/components/incidents/create-incident-form";
import { IncidentTable } from "@/components/incidents/incident-table";
import { Card } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { PageHeader } from "@/components/ui/page-header";
import { requirePagePermission } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { listIncidents } from "@/server/incidents/list-incidents";
import { createIncidentAction } from "./actions";

export const metadata: Metadata = { title: "Incidents" };

export default async function IncidentsPage() {
  const user = await requirePagePermission("incidents.read");
  const incidents = await listIncidents(await getDb());
  return (
    <div className="space-y-6">
      <PageHeader title="Incidents">Every data-leak incident Breachdesk is tracking, newest first.</PageHeader>
      <IncidentTable incidents={incidents} />
      {can(user.role, "incidents.write") ? (
        <Card title="New incident" description="Then import the leaked list, the customer directory and the security events.">
          <CreateIncidentForm action={createIncidentAction} />
        </Card>
      ) : null}
    </div>
  );
}
