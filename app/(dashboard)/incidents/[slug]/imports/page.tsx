import type { Metadata } from "next";
import { ImportHistory } from "@/components/imports/import-history";
import { UploadForm, type UploadKind } from "@/components/imports/upload-form";
import { Card } from "@/components/ui/card";
import { requirePagePermission } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { listImportJobs } from "@/server/imports/get-import-job";
import { loadIncidentOr404 } from "../load-incident";

export const metadata: Metadata = { title: "Imports" };

const KINDS: UploadKind[] = [
  {
    value: "recipients",
    label: "Leaked-recipient list (CSV/TSV)",
    accept: ".csv,.tsv,.txt,text/csv,text/tab-separated-values",
    hint: "One address per row, in a column named email, e-mail, email address, recipient, address or to. Optional batch or message id and sent-at columns. Re-importing the same file adds nothing.",
  },
  {
    value: "messages",
    label: "Sent messages (mbox, .eml, .zip of .eml)",
    accept: ".mbox,.eml,.zip,application/mbox,message/rfc822,application/zip",
    hint: "Each message is an exposure group: every To/Cc recipient saw the others. Bcc'd recipients are recorded but not counted as exposed.",
  },
  {
    value: "events",
    label: "Post-leak security events (CSV/JSON lines)",
    accept: ".csv,.jsonl,.ndjson,.json,text/csv",
    hint: "Account id or e-mail, time (ISO 8601 with zone), kind (new-device login, failed login, password change, 2FA change, e-mail change, withdrawal-address change, API-key creation).",
  },
  {
    value: "accounts",
    label: "Customer directory (CSV)",
    accept: ".csv,text/csv",
    hint: "Account id, e-mail, 2FA, balance or balance tier, country, created, last login. Shared by all incidents; leaked addresses are matched again after it.",
  },
];

export default async function ImportsPage({ params }: { params: Promise<{ slug: string }> }) {
  await requirePagePermission("recipients.import");
  const { slug } = await params;
  const incident = await loadIncidentOr404(slug);
  const jobs = await listImportJobs(await getDb(), incident.id);
  return (
    <div className="space-y-6">
      {/* A closed incident is read-only: its imports are history. */}
      {incident.status === "closed" ? null : (
        <Card title="Import a file" description="Files stream through the server: progress shows as rows are read. Nothing changes until the whole file has been checked.">
          <UploadForm uploadUrl={`/api/v1/incidents/${encodeURIComponent(incident.slug)}/imports`} kinds={KINDS} />
        </Card>
      )}
      <Card title="Import history" description="Every import of this incident and of the customer directory, with its rejected rows.">
        <ImportHistory rows={jobs} />
      </Card>
    </div>
  );
}
