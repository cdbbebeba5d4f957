import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatUtc } from "@/lib/format/dates";
import { requirePagePermission } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { listNoticeOutbox } from "@/server/notify/list-notice-outbox";
import { notifyConfig } from "@/server/notify/notify-config";
import { loadIncidentOr404 } from "../../load-incident";

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export const metadata: Metadata = { title: "Notice outbox" };

const PAGE = 25;
const Cursor = z.object({ before: z.string().regex(/^\d{1,19}$/).optional().catch(undefined) });

/** The local outbox: where notices go when no relay is configured. Full messages, as they would be sent. */
export default async function NoticeOutboxPage({ params, searchParams }: Props) {
  await requirePagePermission("notices.read_outbox");
  const { slug } = await params;
  const incident = await loadIncidentOr404(slug);
  const { before } = Cursor.parse(await searchParams);
  const rows = await listNoticeOutbox(await getDb(), incident.id, { before: before ? BigInt(before) : undefined, limit: PAGE });
  const base = `/incidents/${encodeURIComponent(incident.slug)}/notices`;
  const relay = notifyConfig().smtp;
  return (
    <div className="space-y-5">
      <Link href={base} className="text-xs font-medium text-slate-500 hover:text-slate-800">
        ← Customer notices
      </Link>
      <Card
        title="Local outbox"
        description={
          relay
            ? `A relay is configured (${relay.host}): new messages go there. This outbox keeps what was written before.`
            : "No relay is configured: every notice and test is written here, exactly as it would be sent, and goes nowhere else."
        }
      >
        {rows.length === 0 ? (
          <p className="text-sm text-slate-500">The outbox is empty.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {rows.map((row) => (
              <li key={row.id} className="py-3">
                <details>
                  <summary className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 text-sm">
                    <span className="font-medium text-slate-900">{row.subject}</span>
                    <span className="text-slate-600">to {row.recipient}</span>
                    {row.test ? <Badge tone="info">Test</Badge> : null}
                    <span className="text-xs text-slate-500">{formatUtc(row.createdAt)}</span>
                  </summary>
                  <pre tabIndex={0} aria-label="Message text" className="mt-2 max-h-96 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs whitespace-pre-wrap text-slate-700">
                    {row.raw}
                  </pre>
                </details>
              </li>
            ))}
          </ul>
        )}
        {rows.length === PAGE ? (
          <Link href={`${base}/outbox?before=${rows.at(-1)!.id}`} className="mt-3 inline-block text-sm text-brand-700 underline underline-offset-2">
            Older messages
          </Link>
        ) : null}
      </Card>
    </div>
  );
}
