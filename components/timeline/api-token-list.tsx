import type { ReactNode } from "react";
import { formatUtc } from "@/lib/format/dates";

export type ApiTokenItem = {
  id: string;
  name: string;
  prefix: string;
  incidentSlug: string | null;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  expiresAt?: string;
  scopes?: string[];
};

export function ApiTokenList({
  tokens,
  renderRevoke,
}: {
  tokens: ApiTokenItem[];
  renderRevoke: (token: ApiTokenItem) => ReactNode;
}) {
  if (tokens.length === 0) return <p className="text-xs text-slate-500">No API tokens yet.</p>;
  return (
    <ul className="divide-y divide-slate-100 text-xs" aria-label="API tokens">
      {tokens.map((t) => (
        <li key={t.id} className="flex items-start justify-between gap-3 py-2">
          <div className="min-w-0">
            <p className={`font-medium ${t.revokedAt ? "text-slate-500 line-through" : "text-slate-900"}`}>
              {t.name} <span className="font-mono font-normal text-slate-500">{t.prefix}…</span>
            </p>
            <p className="text-slate-500">
              {t.incidentSlug ? "This incident" : "All incidents"} · created {formatUtc(t.createdAt)}
              {t.createdBy ? ` by ${t.createdBy}` : ""}
            </p>
            <p className="text-slate-500">
              {t.revokedAt
                ? `Revoked ${formatUtc(t.revokedAt)}`
                : t.lastUsedAt
                  ? `Last used ${formatUtc(t.lastUsedAt)}`
                  : "Never used"}
              {t.expiresAt && !t.revokedAt ? ` · expires ${formatUtc(t.expiresAt)}` : ""}
              {t.scopes?.includes("timeline.milestones") ? " · may set milestones" : ""}
            </p>
          </div>
          {t.revokedAt ? null : renderRevoke(t)}
        </li>
      ))}
    </ul>
  );
}
