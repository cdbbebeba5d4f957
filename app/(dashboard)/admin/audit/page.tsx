import type { Metadata } from "next";
import Link from "next/link";
import { AuditLogFilters } from "@/components/audit/audit-log-filters";
import { AuditLogTable, type AuditLogRow } from "@/components/audit/audit-log-table";
import { ForwardingTable } from "@/components/audit/forwarding-table";
import { VerifyChainPanel } from "@/components/audit/verify-chain-panel";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { AuditLogPageQuery, SYSTEM_ACTOR, auditLogQueryErrors, auditLogSearchParams } from "@/lib/audit/log-query";
import { auditTargetHref } from "@/lib/audit/target-href";
import { can } from "@/lib/auth/permissions";
import { formatCount } from "@/lib/format/numbers";
import { getAuditHead } from "@/server/audit/get-audit-head";
import { listAuditActions, listAuditLog, type AuditLogEntry } from "@/server/audit/list-audit-log";
import { requirePagePermission } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { listForwardDestinations } from "@/server/siem/manage-destinations";
import { listStaffUsers } from "@/server/staff/list-staff-users";
import { verifyAuditChainAction } from "./actions";

export const metadata: Metadata = { title: "Audit log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const PAGE_SIZE = 50;
const BASE = "/admin/audit";
const DETAIL_MAX = 160;
const linkButton =
  "inline-flex h-8 items-center rounded-md bg-white px-3 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50";

function rowOf(entry: AuditLogEntry): AuditLogRow {
  const detail = entry.detail === null ? null : JSON.stringify(entry.detail);
  const tokenId = (entry.detail as { tokenId?: unknown } | null)?.tokenId;
  return {
    id: entry.id,
    at: entry.at,
    actor: entry.actor,
    viaToken: typeof tokenId === "string",
    action: entry.action,
    incident: entry.incident,
    target: entry.target
      ? { type: entry.target.type, label: entry.target.label, href: auditTargetHref(entry.target, entry.incident) }
      : null,
    detail: detail && detail.length > DETAIL_MAX ? `${detail.slice(0, DETAIL_MAX - 1)}…` : detail,
    hash: entry.hash,
  };
}

function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

export default async function AuditPage({ searchParams }: Props) {
  const user = await requirePagePermission("audit.read");
  const raw = await searchParams;
  // An empty form field arrives as "actor="; it filters nothing.
  const filterParams = auditLogSearchParams(raw);
  const record: Record<string, string | string[]> = {};
  for (const key of new Set(filterParams.keys())) {
    record[key] = key === "action" ? filterParams.getAll(key) : filterParams.get(key)!;
  }
  const after = first(raw.after);
  // A cursor that does not parse starts from the newest entry rather than failing.
  const parsed = AuditLogPageQuery.safeParse(record);
  const cursor = AuditLogPageQuery.shape.after.safeParse(after || undefined);
  const errors = parsed.success ? {} : auditLogQueryErrors(parsed.error);

  const db = await getDb();
  const [head, page, actions, actors, forwarding] = await Promise.all([
    getAuditHead(db),
    parsed.success
      ? listAuditLog(db, parsed.data, { after: cursor.success ? cursor.data : undefined, limit: PAGE_SIZE })
      : null,
    listAuditActions(db),
    listStaffUsers(db).then((staff) => staff.map((person) => person.email).sort()),
    can(user.role, "audit.forwarding") ? listForwardDestinations(db) : null,
  ]);
  const query = filterParams.toString();
  const filtered = query !== "";
  const withQuery = (path: string, extra: Record<string, string> = {}) => {
    const params = new URLSearchParams(filterParams);
    for (const [key, value] of Object.entries(extra)) params.set(key, value);
    const text = params.toString();
    return text ? `${path}?${text}` : path;
  };
  const rows = page?.entries.map(rowOf) ?? [];
  const paged = cursor.success && cursor.data !== undefined;

  return (
    <div className="space-y-6">
      <PageHeader title="Audit log">
        Append-only and chained: each entry&rsquo;s SHA-256 covers its content and the entry before it. Write the head
        down outside Breachdesk (a ticket, a notebook): any later edit, deletion, insertion or reordering shows when the
        chain is verified, here or with <code className="font-mono text-xs">npx breachdesk audit verify</code>.
      </PageHeader>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Current head" description={`${formatCount(head.entries)} entries; the last is #${head.lastId}.`}>
          <p
            className="break-all rounded-md bg-slate-50 px-3 py-2 font-mono text-sm text-slate-900"
            data-testid="audit-head"
          >
            {head.hash ?? "No entries yet."}
          </p>
        </Card>
        <Card title="Verify">
          <VerifyChainPanel verify={verifyAuditChainAction} />
        </Card>
      </div>
      {forwarding ? (
        <Card
          title="Forwarding to SIEM"
          description="Every entry, with its chain hash, goes to these receivers: an independent copy of the chain (npx breachdesk audit verify --against)."
        >
          <ForwardingTable
            rows={forwarding.map((d) => ({
              id: d.id,
              name: d.name,
              kind: d.kind,
              where: d.url ?? `${d.host}:${d.port}`,
              state: d.state,
              cursorId: d.cursorId,
              lag: d.lag,
              lastError: d.lastError,
            }))}
          />
        </Card>
      ) : null}
      <Card title="Filter">
        <AuditLogFilters
          values={{
            actor: first(raw.actor),
            action: first(raw.action),
            target: first(raw.target),
            from: first(raw.from),
            to: first(raw.to),
          }}
          errors={errors}
          actors={actors}
          actions={actions}
          clearHref={BASE}
          systemActor={SYSTEM_ACTOR}
        />
      </Card>
      <Card
        title={filtered ? "Matching entries" : "Entries"}
        description={
          rows.length > 0
            ? `Newest first: #${rows[0]!.id} to #${rows[rows.length - 1]!.id}${paged ? " (an older page)" : ""}.`
            : undefined
        }
        actions={
          <div
            className="flex flex-wrap justify-end gap-2"
            title="Every entry the filter selects; the export is itself audited."
          >
            <a href={withQuery("/api/v1/audit/entries/export", { format: "csv" })} download className={linkButton}>
              Export CSV
            </a>
            <a href={withQuery("/api/v1/audit/entries/export", { format: "jsonl" })} download className={linkButton}>
              Export JSON lines
            </a>
          </div>
        }
      >
        <div className="space-y-4">
          {!page ? (
            <p role="alert" className="text-sm text-red-700">
              The filter could not be read:{" "}
              {Object.entries(errors)
                .map(([field, message]) => `${field}: ${message}`)
                .join("; ")}
              .
            </p>
          ) : rows.length === 0 ? (
            <p className="text-sm text-slate-500" data-testid="audit-log-empty">
              {filtered ? "No entry matches this filter." : "No entries yet."}
            </p>
          ) : (
            <AuditLogTable
              rows={rows}
              caption={filtered ? "Audit entries matching the filter" : "Audit entries, newest first"}
            />
          )}
          {page && (paged || page.next !== null) ? (
            <nav aria-label="Audit log pages" className="flex flex-wrap items-center gap-2">
              {paged ? (
                <Link href={withQuery(BASE)} className={linkButton}>
                  ← Newest entries
                </Link>
              ) : null}
              {page.next !== null ? (
                <Link href={withQuery(BASE, { after: String(page.next) })} className={linkButton}>
                  Older entries →
                </Link>
              ) : null}
            </nav>
          ) : null}
        </div>
      </Card>
    </div>
  );
}
