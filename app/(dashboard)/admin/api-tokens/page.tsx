import type { Metadata } from "next";
import { headers } from "next/headers";
import { RevokeApiTokenButton } from "@/components/timeline/api-token-forms";
import { CreateRoleTokenForm } from "@/components/staff/role-token-form";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { TableHead } from "@/components/ui/table-head";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { formatUtc } from "@/lib/format/dates";
import { listRoleTokens } from "@/server/auth/list-role-tokens";
import { requirePagePermission } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { listIncidentSlugs } from "@/server/incidents/list-incident-slugs";
import { createRoleTokenAction, revokeRoleTokenAction } from "./actions";

export const metadata: Metadata = { title: "API tokens" };

export default async function ApiTokensPage() {
  await requirePagePermission("api_tokens.manage");
  const db = await getDb();
  const [tokens, incidents] = await Promise.all([
    listRoleTokens(db),
    listIncidentSlugs(db),
  ]);
  const host = (await headers()).get("host") ?? "localhost:3000";
  const now = new Date();
  return (
    <div className="space-y-6">
      <PageHeader title="API tokens">
        A token acts on the REST API (<code className="font-mono text-xs">/api/v1</code>) with a role&rsquo;s
        permissions, on behalf of the admin who created it, for every incident or one. It is shown once and stored
        hashed; it expires, can be revoked at once, and is limited in requests per second. Tokens can also be created
        with <code className="font-mono text-xs">npx breachdesk token create</code>.
      </PageHeader>
      <Card title="New token">
        <CreateRoleTokenForm
          action={createRoleTokenAction}
          incidents={incidents.map((i) => i.slug)}
          apiBase={`http://${host}`}
          revokedPrefixes={tokens.filter((t) => t.revokedAt).map((t) => t.prefix)}
        />
      </Card>
      <Card title="Tokens" description="Newest first.">
        {tokens.length === 0 ? (
          <p className="text-sm text-slate-600">No API tokens yet.</p>
        ) : (
          <div className="-mx-5 -my-5 overflow-x-auto">
            <table className="min-w-full text-sm" data-testid="role-tokens">
              <caption className="sr-only">API tokens</caption>
              <TableHead
                columns={["Name", "Token", "Acts as", "Incident", "Created", "Expires", "Last used", ""]}
                cell="px-5 py-2"
              />
              <tbody className="divide-y divide-slate-100">
                {tokens.map((t) => {
                  const expired = t.expiresAt !== null && t.expiresAt <= now;
                  return (
                    <tr key={t.id}>
                      <td className="px-5 py-2 font-medium text-slate-900">{t.name}</td>
                      <td className="px-5 py-2 font-mono text-xs text-slate-600">{t.prefix}…</td>
                      <td className="px-5 py-2 text-slate-700">{ROLE_LABELS[t.role]}</td>
                      <td className="whitespace-nowrap px-5 py-2 text-slate-700">{t.incidentSlug ?? "Every incident"}</td>
                      <td className="whitespace-nowrap px-5 py-2 text-slate-600">
                        {formatUtc(t.createdAt)}
                        {t.createdBy ? <span className="block text-xs text-slate-500">by {t.createdBy}</span> : null}
                      </td>
                      <td className="whitespace-nowrap px-5 py-2 text-slate-600">
                        {t.expiresAt ? formatUtc(t.expiresAt) : "never"}
                      </td>
                      <td className="whitespace-nowrap px-5 py-2 text-slate-600">
                        {t.lastUsedAt ? formatUtc(t.lastUsedAt) : "never"}
                      </td>
                      <td className="px-5 py-2 text-right">
                        {t.revokedAt ? (
                          <Badge tone="neutral">revoked</Badge>
                        ) : expired ? (
                          <Badge tone="warning">expired</Badge>
                        ) : (
                          <RevokeApiTokenButton slug="" tokenId={t.id} name={t.name} action={revokeRoleTokenAction} />
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
