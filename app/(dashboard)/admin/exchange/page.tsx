import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { StatCard } from "@/components/ui/stat-card";
import { TableHead } from "@/components/ui/table-head";
import { formatUtc } from "@/lib/format/dates";
import { formatCount } from "@/lib/format/numbers";
import { ACTION_KIND_LABELS, type ActionKind } from "@/lib/remediation/actions";
import { requirePagePermission } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { getExchangeStatus } from "@/server/webhooks/get-exchange-status";

export const metadata: Metadata = { title: "Exchange" };

const DAY_MS = 24 * 3600 * 1000;

const ANOMALY_LABELS = {
  no_hold: "no hold recorded",
  no_reset: "no reset recorded",
  applied_late: "applied late",
} as const;

export default async function ExchangePage() {
  await requirePagePermission("exchange.read");
  const status = await getExchangeStatus(await getDb(), DAY_MS);
  const { provider, deliveries } = status;
  return (
    <div className="space-y-6">
      <PageHeader title="Exchange">
        Where resets and holds are applied, and what the exchange reported back. The contract is in{" "}
        <code className="font-mono text-xs">docs/provider-api.md</code>; check an exchange&rsquo;s implementation with{" "}
        <code className="font-mono text-xs">npx breachdesk provider check</code>.
      </PageHeader>

      <Card title="Provider" description="Set by environment variables (docs/exchange.md).">
        <dl className="grid grid-cols-1 gap-x-8 gap-y-3 text-sm sm:grid-cols-3">
          <div>
            <dt className="text-slate-500">In use</dt>
            <dd className="font-medium text-slate-900" data-testid="provider-kind">
              {provider.kind === "http"
                ? "The exchange over HTTP"
                : "Built in (the exchange’s state kept in Breachdesk)"}
            </dd>
          </div>
          {provider.kind === "http" ? (
            <>
              <div>
                <dt className="text-slate-500">Base URL</dt>
                <dd className="break-all font-mono text-xs text-slate-900">{provider.url}</dd>
              </div>
              <div>
                <dt className="text-slate-500">Signing secrets</dt>
                <dd className="text-slate-900">
                  {provider.secrets === 2 ? "2 active (rotation in progress)" : `${provider.secrets} active`}
                </dd>
              </div>
              <div>
                <dt className="text-slate-500">Rate limit</dt>
                <dd className="text-slate-900">
                  {provider.rateLimit ? `${formatCount(provider.rateLimit)} accounts/s per process` : "none"}
                </dd>
              </div>
              <div>
                <dt className="text-slate-500">Calls</dt>
                <dd className="text-slate-900">
                  {formatCount(provider.itemsPerCall)} items each, {provider.concurrency} at once,{" "}
                  {provider.timeoutMs / 1000} s timeout
                </dd>
              </div>
            </>
          ) : null}
        </dl>
      </Card>

      <Card
        title="Paused by the circuit breaker"
        description="Bulk actions stopped because the exchange kept failing; each resumes by itself after the cool-down."
      >
        {status.paused.length === 0 ? (
          <p className="text-sm text-slate-600" data-testid="breaker-none">
            None: every running action is reaching the exchange.
          </p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {status.paused.map((p) => (
              <li key={p.id} className="py-3 text-sm">
                <Link
                  className="font-medium text-brand-700 underline"
                  href={`/incidents/${p.incidentSlug}/bulk-actions/${p.id}`}
                >
                  {ACTION_KIND_LABELS[p.kind as ActionKind] ?? p.kind}
                </Link>{" "}
                <span className="text-slate-500">in {p.incidentSlug}</span>
                <p className="mt-1 text-slate-700">{p.reason}</p>
                {p.resumeAt ? <p className="text-xs text-slate-500">Resumes at {formatUtc(p.resumeAt)}.</p> : null}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <section aria-labelledby="webhooks-heading" className="space-y-3">
        <h2 id="webhooks-heading" className="text-sm font-semibold text-slate-900">
          Webhooks from the exchange, last 24 hours
        </h2>
        <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4">
          <StatCard
            label="Deliveries accepted"
            value={formatCount(deliveries.accepted)}
            tone="success"
            detail={deliveries.lastAcceptedAt ? `last ${formatUtc(deliveries.lastAcceptedAt)}` : "none yet"}
          />
          <StatCard
            label="Deliveries refused"
            value={formatCount(deliveries.refused)}
            tone={deliveries.refused ? "danger" : "default"}
            detail={`signed but bad, replayed, expired or malformed; ${formatCount(status.unsigned.total)} unsigned counted apart`}
          />
          <StatCard
            label="Events applied"
            value={formatCount(deliveries.applied)}
            detail={`of ${formatCount(deliveries.events)} received`}
          />
          <StatCard
            label="Duplicates absorbed"
            value={formatCount(deliveries.duplicates)}
            detail="redelivered events, changed nothing"
          />
        </dl>
        {status.outcomes.length ? (
          <p className="text-xs text-slate-600">
            Events by outcome:{" "}
            {status.outcomes.map((o, i) => (
              <span key={o.outcome}>
                {i ? ", " : ""}
                {o.outcome.replace("_", " ")} {formatCount(o.count)}
              </span>
            ))}
          </p>
        ) : null}
      </section>

      <Card
        title="Events that found nothing to change"
        description="A release or end of a hold that Breachdesk had not recorded (the exchange released a hold Breachdesk does not know, or released it before Breachdesk recorded it), and a completed reset before any reset was recorded. Each is applied if the effect it follows is recorded later (then: applied late); one that stays is worth checking on the exchange's side. Last 24 hours, newest first."
      >
        {status.anomalies.length === 0 ? (
          <p className="text-sm text-slate-600" data-testid="webhook-anomalies-none">
            None.
          </p>
        ) : (
          <div className="-mx-5 -my-5 overflow-x-auto">
            <table className="min-w-full text-sm" data-testid="webhook-anomalies">
              <caption className="sr-only">Webhook events that found nothing to change, newest first</caption>
              <TableHead columns={["Received (UTC)", "Event", "Account", "Happened (UTC)", "Now"]} cell="px-5 py-2" />
              <tbody className="divide-y divide-slate-100">
                {status.anomalies.map((a) => (
                  <tr key={a.eventId}>
                    <td className="whitespace-nowrap px-5 py-2 text-slate-600">{formatUtc(a.receivedAt)}</td>
                    <td className="px-5 py-2 font-mono text-xs text-slate-800">{a.type}</td>
                    <td className="px-5 py-2 font-mono text-xs text-slate-800">{a.account}</td>
                    <td className="whitespace-nowrap px-5 py-2 text-slate-600">{formatUtc(a.occurredAt)}</td>
                    <td className="px-5 py-2">
                      <Badge tone={a.outcome === "applied_late" ? "success" : "warning"}>{ANOMALY_LABELS[a.outcome]}</Badge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card
        title="Last refused deliveries"
        description="Deliveries that carried a signature, refused all the same; newest first. Nothing of a refused delivery was applied."
      >
        {status.refused.length === 0 ? (
          <p className="text-sm text-slate-600">None.</p>
        ) : (
          <div className="-mx-5 -my-5 overflow-x-auto">
            <table className="min-w-full text-sm" data-testid="refused-deliveries">
              <caption className="sr-only">Refused webhook deliveries, newest first</caption>
              <TableHead columns={["When (UTC)", "Status", "Why", "From"]} cell="px-5 py-2" />
              <tbody className="divide-y divide-slate-100">
                {status.refused.map((r, i) => (
                  <tr key={i}>
                    <td className="whitespace-nowrap px-5 py-2 text-slate-600">{formatUtc(r.at)}</td>
                    <td className="px-5 py-2">
                      <Badge tone={r.httpStatus >= 500 ? "warning" : "danger"}>{r.httpStatus}</Badge>
                    </td>
                    <td className="px-5 py-2 text-slate-800">{r.reason}</td>
                    <td className="px-5 py-2 font-mono text-xs text-slate-500">{r.remoteIp ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card
        title="Unsigned requests refused, last 24 hours"
        description="Posts without the signature headers, or with malformed ones: counted per source address and reason, not stored one by one. Many from one address is a scanner; from the exchange's address, its signing is not set up."
      >
        {status.unsigned.sources.length === 0 ? (
          <p className="text-sm text-slate-600">None.</p>
        ) : (
          <div className="-mx-5 -my-5 overflow-x-auto">
            <table className="min-w-full text-sm" data-testid="unsigned-refusals">
              <caption className="sr-only">Unsigned webhook requests refused, by source address and reason</caption>
              <TableHead columns={["From", "Why", "Requests", "Last (UTC)"]} cell="px-5 py-2" />
              <tbody className="divide-y divide-slate-100">
                {status.unsigned.sources.map((u) => (
                  <tr key={`${u.remoteIp ?? ""}|${u.reason}`}>
                    <td className="px-5 py-2 font-mono text-xs text-slate-500">{u.remoteIp ?? "—"}</td>
                    <td className="px-5 py-2 text-slate-800">{u.reason.replace("_", " ")}</td>
                    <td className="px-5 py-2 tabular-nums text-slate-900">{formatCount(u.count)}</td>
                    <td className="whitespace-nowrap px-5 py-2 text-slate-600">{formatUtc(u.lastAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
