import type { Metadata } from "next";
import { CloseChecklistView } from "@/components/closing/close-checklist";
import { CloseRequestControls } from "@/components/closing/close-request-controls";
import { ForgetNowControls } from "@/components/closing/forget-now-controls";
import { ReopenForm } from "@/components/closing/reopen-form";
import { RequestCloseForm } from "@/components/closing/request-close-form";
import { Card } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { describeDays } from "@/lib/closing/retention";
import { formatUtc } from "@/lib/format/dates";
import { requirePagePermission } from "@/server/auth/session";
import { getCloseChecklist } from "@/server/closing/get-close-checklist";
import { listCloseRequests } from "@/server/closing/list-close-requests";
import { retentionDefaults } from "@/server/closing/retention-defaults";
import { getDb } from "@/server/db";
import { getForgetNow } from "@/server/forget/get-forget-now";
import { getForgetProgress } from "@/server/forget/forget-progress";
import { loadIncidentOr404 } from "../load-incident";
import {
  approveIncidentCloseAction,
  rejectIncidentCloseAction,
  reopenIncidentAction,
  requestIncidentCloseAction,
  startForgetStepAction,
} from "./actions";

export const metadata: Metadata = { title: "Close" };

const STATUS_WORDS: Record<string, string> = {
  pending_approval: "Awaiting approval",
  rejected: "Rejected",
  expired: "Expired unapproved",
  running: "Closing",
  cancelled: "Cancelled",
  completed: "Approved: closed",
};

const schedule = (r: { pseudonymiseDays: number; eraseDays: number }) =>
  `Pseudonymise ${describeDays(r.pseudonymiseDays)} after the close; erase ${describeDays(r.eraseDays)} after it.`;

/** The close checklist, the close request (four eyes, with its retention schedule) and reopening. */
export default async function CloseIncidentPage({ params }: { params: Promise<{ slug: string }> }) {
  const user = await requirePagePermission("incidents.close");
  const { slug } = await params;
  const incident = await loadIncidentOr404(slug);
  const db = await getDb();
  const now = new Date();
  const [checklist, requests] = await Promise.all([getCloseChecklist(db, incident.id, now), listCloseRequests(db, incident.id)]);
  const base = `/incidents/${encodeURIComponent(incident.slug)}`;
  const pending = requests.find((r) => r.status === "pending_approval" && (!r.expiresAt || r.expiresAt > now));
  const closed = incident.status === "closed";
  // Begun once a run exists (a reopen is refused from then on), not only once a step finished.
  const forgetting =
    incident.pseudonymisedAt !== null ||
    incident.erasedAt !== null ||
    (closed && (await getForgetProgress(db, incident.id)).length > 0);
  const forgetNow = closed && can(user.role, "incidents.forget") ? await getForgetNow(db, incident.id) : null;

  return (
    <div className="space-y-6">
      {closed ? (
        <Card title="Closed" description="The incident is read-only. Its personal data is forgotten on this schedule.">
          <dl className="grid gap-2 text-sm sm:grid-cols-3" data-testid="retention-schedule">
            <div>
              <dt className="text-slate-500">Closed</dt>
              <dd className="font-medium">{incident.closedAt ? formatUtc(incident.closedAt) : "—"}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Pseudonymise on</dt>
              <dd className="font-medium">{incident.pseudonymiseAt ? formatUtc(incident.pseudonymiseAt) : "—"}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Erase on</dt>
              <dd className="font-medium">{incident.eraseAt ? formatUtc(incident.eraseAt) : "—"}</dd>
            </div>
          </dl>
          <div className="mt-5 border-t border-slate-100 pt-4">
            {forgetting ? (
              <p className="text-sm text-slate-600">Forgetting its personal data has begun: it can no longer be reopened.</p>
            ) : (
              <ReopenForm slug={incident.slug} action={reopenIncidentAction} />
            )}
          </div>
          {forgetNow?.step ? (
            <div className="mt-5 border-t border-slate-100 pt-4">
              <h3 className="text-sm font-semibold text-slate-800">
                {forgetNow.step === "pseudonymise" ? "Pseudonymise before the date" : "Erase before the date"}
              </h3>
              <p className="mb-3 text-sm text-slate-600">
                An admin may start the next step now, with a recent second factor; a worker does the work.
              </p>
              <ForgetNowControls
                step={forgetNow.step}
                counts={forgetNow}
                start={startForgetStepAction.bind(null, incident.slug)}
              />
            </div>
          ) : null}
        </Card>
      ) : (
        <Card
          title="Close checklist"
          description="What must hold before the incident may be closed, as the database stands now. Each failing item links to where it is fixed."
        >
          <p className={`mb-2 text-sm font-semibold ${checklist.ok ? "text-emerald-700" : "text-red-700"}`} data-testid="close-checklist-result">
            {checklist.ok
              ? "Every item passes: the close may be requested."
              : `${checklist.items.filter((i) => !i.ok).length} of ${checklist.items.length} items block the close.`}
          </p>
          <CloseChecklistView items={checklist.items} base={base} />
        </Card>
      )}

      {!closed && pending ? (
        <Card title="Close requested" description={`By ${pending.requestedBy ?? "a former staff member"} on ${formatUtc(pending.createdAt)}.`}>
          <p className="mb-3 text-sm text-slate-700">{schedule(pending)}</p>
          {pending.reason ? <p className="mb-3 text-sm text-slate-600">Note: {pending.reason}</p> : null}
          <CloseRequestControls
            isRequester={pending.requestedById === user.id}
            approve={approveIncidentCloseAction.bind(null, incident.slug, pending.id)}
            reject={rejectIncidentCloseAction.bind(null, incident.slug, pending.id)}
            schedule={schedule(pending)}
          />
        </Card>
      ) : null}

      {!closed && !pending && checklist.ok ? (
        <Card title="Request the close" description="A second person with the close permission approves it.">
          <RequestCloseForm slug={incident.slug} defaults={retentionDefaults()} action={requestIncidentCloseAction} />
        </Card>
      ) : null}

      {requests.length > 0 ? (
        <Card title="Close requests">
          <ul className="divide-y divide-slate-100 text-sm">
            {requests.map((r) => (
              <li key={r.id} className="py-2">
                <span className="font-medium">{STATUS_WORDS[r.status] ?? r.status}</span> · requested by{" "}
                {r.requestedBy ?? "a former staff member"} on {formatUtc(r.createdAt)}
                {r.decidedBy ? ` · decided by ${r.decidedBy}` : ""}
                {r.decisionNote ? ` (${r.decisionNote})` : ""} · {schedule(r)}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}
