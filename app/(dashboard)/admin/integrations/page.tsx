import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { DestinationButton } from "@/components/integrations/destination-button";
import { DestinationForm } from "@/components/integrations/destination-form";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { TableHead } from "@/components/ui/table-head";
import { DESTINATION_KIND_LABELS } from "@/lib/events/contracts";
import { EVENT_LABELS, type EventType } from "@/lib/events/event-types";
import { formatUtc } from "@/lib/format/dates";
import { requirePagePermission } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { listDeliveries, listDestinations } from "@/server/events/destinations/destination-rows";
import { listIncidentSlugs } from "@/server/incidents/list-incident-slugs";
import {
  createDestinationAction,
  deleteDestinationAction,
  rotateSecretAction,
  sendTestEventAction,
  setDestinationEnabledAction,
} from "./actions";

export const metadata: Metadata = { title: "Integrations" };

const SearchParams = z.object({ destination: z.uuid().optional().catch(undefined) });

export default async function IntegrationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePagePermission("integrations.manage");
  const db = await getDb();
  const { destination: selected } = SearchParams.parse(await searchParams);
  const [destinations, incidents] = await Promise.all([listDestinations(db), listIncidentSlugs(db)]);
  const slugOf = new Map(incidents.map((i) => [i.id, i.slug]));
  const shown = destinations.find((d) => d.id === selected) ?? null;
  const deliveries = shown ? await listDeliveries(db, shown.id) : [];
  const disabled = destinations.filter((d) => !d.enabled && d.disabledReason && d.disabledReason !== "Disabled by an admin.");
  return (
    <div className="space-y-6">
      <PageHeader title="Integrations">
        Breachdesk tells responders where they already are: a Slack or Teams channel, a signed webhook (Standard Webhooks) into
        your SOAR, or e-mail to the approvers. Events: approvals requested and decided, bulk actions and campaigns finished or
        paused, milestones. See docs/integrations.md.
      </PageHeader>
      {disabled.length > 0 ? (
        <div role="alert" className="rounded-md bg-red-50 p-4 text-sm text-red-800">
          {disabled.map((d) => (
            <p key={d.id}>
              <strong>{d.name}</strong> was disabled: {d.disabledReason}
            </p>
          ))}
        </div>
      ) : null}
      <Card title="New destination">
        <DestinationForm action={createDestinationAction} incidents={incidents} />
      </Card>
      <Card title="Destinations" description="Newest first. URLs are shown by host only: a chat webhook URL is itself a secret.">
        {destinations.length === 0 ? (
          <p className="text-sm text-slate-600">No destinations yet.</p>
        ) : (
          <div className="-mx-5 -my-5 overflow-x-auto">
            <table className="min-w-full text-sm" data-testid="event-destinations">
              <caption className="sr-only">Event destinations</caption>
              <TableHead columns={["Name", "Kind", "Where", "Incident", "Events", "State", ""]} cell="px-5 py-2" />
              <tbody className="divide-y divide-slate-100">
                {destinations.map((d) => (
                  <tr key={d.id}>
                    <td className="px-5 py-2 font-medium text-slate-900">
                      <Link href={`/admin/integrations?destination=${d.id}`} className="underline">
                        {d.name}
                      </Link>
                    </td>
                    <td className="px-5 py-2 text-slate-700">{DESTINATION_KIND_LABELS[d.kind]}</td>
                    <td className="px-5 py-2 font-mono text-xs text-slate-600">{d.url ?? "approvers' e-mail"}</td>
                    <td className="whitespace-nowrap px-5 py-2 text-slate-700">{d.incidentId ? (slugOf.get(d.incidentId) ?? d.incidentId) : "Every incident"}</td>
                    <td className="px-5 py-2 text-xs text-slate-600">
                      {d.eventTypes.length === 0 ? "All" : d.eventTypes.map((t) => EVENT_LABELS[t as EventType] ?? t).join(", ")}
                    </td>
                    <td className="px-5 py-2">
                      {!d.enabled ? (
                        <Badge tone="danger" title={d.disabledReason ?? undefined}>disabled</Badge>
                      ) : d.breakerOpenUntil && new Date(d.breakerOpenUntil) > new Date() ? (
                        <Badge tone="warning" title={`Failing: retried after ${formatUtc(new Date(d.breakerOpenUntil))}`}>paused</Badge>
                      ) : d.consecutiveFailures > 0 ? (
                        <Badge tone="warning">{d.consecutiveFailures} failing</Badge>
                      ) : (
                        <Badge tone="success">enabled</Badge>
                      )}
                    </td>
                    <td className="px-5 py-2">
                      <div className="flex flex-wrap justify-end gap-1">
                      {d.enabled ? <DestinationButton action={sendTestEventAction} id={d.id} label="Send test event" /> : null}
                      <DestinationButton
                        action={setDestinationEnabledAction}
                        id={d.id}
                        label={d.enabled ? "Disable" : "Enable"}
                        fields={{ enabled: String(!d.enabled) }}
                      />
                      {d.kind === "webhook" ? (
                        <DestinationButton
                          action={rotateSecretAction}
                          id={d.id}
                          label="Rotate secret"
                          confirm="A new secret: the old one keeps signing for the grace period. Continue?"
                        />
                      ) : null}
                      <DestinationButton action={deleteDestinationAction} id={d.id} label="Remove" confirm={`Remove ${d.name} and its delivery log?`} />
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      {shown ? (
        <Card title={`Delivery log: ${shown.name}`} description="The last 100 deliveries, newest first.">
          {deliveries.length === 0 ? (
            <p className="text-sm text-slate-600">Nothing delivered yet.</p>
          ) : (
            <div className="-mx-5 -my-5 overflow-x-auto">
              <table className="min-w-full text-sm" data-testid="event-deliveries">
                <caption className="sr-only">Deliveries</caption>
                <TableHead columns={["Event", "Status", "Attempts", "Response", "Last error", "Queued", "Delivered"]} cell="px-5 py-2" />
                <tbody className="divide-y divide-slate-100">
                  {deliveries.map((v) => (
                    <tr key={v.id}>
                      <td className="px-5 py-2 text-slate-700">
                        {EVENT_LABELS[v.eventType as EventType] ?? v.eventType}
                        <span className="block font-mono text-xs text-slate-500">{v.eventId}</span>
                      </td>
                      <td className="px-5 py-2">
                        <Badge tone={v.status === "delivered" ? "success" : v.status === "failed" ? "danger" : "info"}>{v.status}</Badge>
                      </td>
                      <td className="px-5 py-2 text-slate-700">{v.attempts}</td>
                      <td className="px-5 py-2 text-slate-700">{v.responseCode ?? "—"}</td>
                      <td className="max-w-xs truncate px-5 py-2 text-xs text-slate-600" title={v.lastError ?? undefined}>
                        {v.lastError ?? ""}
                      </td>
                      <td className="whitespace-nowrap px-5 py-2 text-slate-600">{formatUtc(new Date(v.createdAt))}</td>
                      <td className="whitespace-nowrap px-5 py-2 text-slate-600">{v.deliveredAt ? formatUtc(new Date(v.deliveredAt)) : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      ) : null}
    </div>
  );
}
