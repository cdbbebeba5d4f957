import type { Metadata } from "next";
import { VerifyChainPanel } from "@/components/audit/verify-chain-panel";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { TableHead } from "@/components/ui/table-head";
import { formatUtc } from "@/lib/format/dates";
import { formatCount } from "@/lib/format/numbers";
import { getAuditHead, listRecentAuditEntries } from "@/server/audit/get-audit-head";
import { requirePagePermission } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { verifyAuditChainAction } from "./actions";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  await requirePagePermission("audit.read");
  const db = await getDb();
  const [head, recent] = await Promise.all([getAuditHead(db), listRecentAuditEntries(db)]);
  return (
    <div className="space-y-6">
      <PageHeader title="Audit log">
        Append-only and chained: each entry&rsquo;s SHA-256 covers its content and the entry before it. Write the head
        down outside Breachdesk (a ticket, a notebook): any later edit, deletion, insertion or reordering shows when
        the chain is verified, here or with <code className="font-mono text-xs">npx breachdesk audit verify</code>.
      </PageHeader>
      <Card title="Current head" description={`${formatCount(head.entries)} entries; the last is #${head.lastId}.`}>
        <p className="break-all rounded-md bg-slate-50 px-3 py-2 font-mono text-sm text-slate-900" data-testid="audit-head">
          {head.hash ?? "No entries yet."}
        </p>
      </Card>
      <Card title="Verify">
        <VerifyChainPanel verify={verifyAuditChainAction} />
      </Card>
      <Card title="Latest entries">
        {/* Focusable, so that keyboard users can scroll the wide table sideways. */}
        <div className="-mx-5 -my-5 overflow-x-auto" tabIndex={0} role="region" aria-label="Latest audit entries">
          <table className="min-w-full text-sm">
            <caption className="sr-only">The 50 newest audit entries</caption>
            <TableHead columns={["#", "When (UTC)", "Who", "Action", "Target", "Hash"]} cell="px-5 py-2" />
            <tbody className="divide-y divide-slate-100">
              {recent.map((entry) => (
                <tr key={entry.id}>
                  <td className="px-5 py-2 tabular-nums text-slate-500">{entry.id}</td>
                  <td className="whitespace-nowrap px-5 py-2 text-slate-600">{formatUtc(entry.at)}</td>
                  <td className="px-5 py-2 text-slate-700">{entry.actor ?? "Breachdesk"}</td>
                  <td className="px-5 py-2 font-medium text-slate-900">{entry.action}</td>
                  <td className="px-5 py-2 text-slate-600">{entry.target ?? "—"}</td>
                  <td className="px-5 py-2 font-mono text-xs text-slate-500" title={entry.hash ?? undefined}>
                    {entry.hash ? `${entry.hash.slice(0, 12)}…` : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}
