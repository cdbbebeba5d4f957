import type { CloseFacts } from "../../../lib/closing/checklist";
import type { SqlQueryable } from "../../db/driver";

// The Article 33(3) fields the report needs from an analyst. The summary's
// text fields fall back to a generated draft (never empty), so what can be
// missing is a text an analyst cleared to blank and the contact point,
// which has no draft (GDPR Art. 33(3)(b)).
const REPORT_FIELDS: readonly { column: string; label: string; draft: boolean }[] = [
  { column: "nature_of_breach", label: "Nature of the breach", draft: true },
  { column: "data_categories", label: "Categories of personal data", draft: true },
  { column: "likely_consequences", label: "Likely consequences", draft: true },
  { column: "measures_taken", label: "Measures taken or proposed", draft: true },
  { column: "controller_name", label: "Controller", draft: false },
  { column: "controller_contact", label: "Controller's address", draft: false },
  { column: "dpo_name", label: "Data protection officer or contact point", draft: false },
  { column: "dpo_contact", label: "Contact details", draft: false },
];

type FactsRow = {
  obligations_total: number;
  open_obligations: string[] | null;
  regulator_notified: boolean;
  active_bulk: number;
  active_campaigns: number;
  active_holds: number;
  undecided_holds: number;
  has_details: boolean;
} & Record<string, string | null | number | boolean | string[]>;

const ACTIVE_WORK = `status IN ('running', 'paused') OR (status = 'pending_approval' AND (expires_at IS NULL OR expires_at > $2::timestamptz))`;

/**
 * What the close checklist judges, in one statement, on any connection (the
 * close request's transaction reads it again under the incident's lock).
 * An obligation is done when marked met, when its milestone was reached (not
 * retracted), or when it was waived with a reason; the GDPR Art. 33 notice,
 * built in, when "regulator notified" was reached.
 */
export async function readCloseFacts(tx: SqlQueryable, incidentId: string, at: Date): Promise<CloseFacts> {
  const [row] = await tx.query<FactsRow>(
    `WITH reached AS (
       SELECT DISTINCT milestone FROM timeline_events
        WHERE incident_id = $1::uuid AND milestone IS NOT NULL AND retracted_at IS NULL)
     SELECT
       (SELECT count(*)::int FROM notification_obligations WHERE incident_id = $1::uuid) AS obligations_total,
       (SELECT array_agg(o.title ORDER BY o.due_at, o.created_at) FROM notification_obligations o
         WHERE o.incident_id = $1::uuid AND o.met_at IS NULL AND o.waived_at IS NULL
           AND (o.met_by_milestone IS NULL OR o.met_by_milestone NOT IN (SELECT milestone FROM reached))) AS open_obligations,
       EXISTS (SELECT 1 FROM reached WHERE milestone = 'regulator_notified') AS regulator_notified,
       (SELECT count(*)::int FROM bulk_actions WHERE incident_id = $1::uuid AND (${ACTIVE_WORK})) AS active_bulk,
       (SELECT count(*)::int FROM notice_campaigns WHERE incident_id = $1::uuid AND (${ACTIVE_WORK})) AS active_campaigns,
       (SELECT count(*)::int FROM withdrawal_holds WHERE incident_id = $1::uuid AND status = 'active') AS active_holds,
       (SELECT count(*)::int FROM withdrawal_holds
         WHERE incident_id = $1::uuid AND status = 'active' AND expires_at IS NULL) AS undecided_holds,
       d.incident_id IS NOT NULL AS has_details,
       ${REPORT_FIELDS.map((f) => `d.${f.column}`).join(", ")}
     FROM (SELECT 1) one
     LEFT JOIN incident_report_details d ON d.incident_id = $1::uuid`,
    [incidentId, at.toISOString()],
  );
  if (!row) throw new Error("readCloseFacts: no row");
  const blank = (value: unknown) => typeof value !== "string" || value.trim() === "";
  const missingReportFields = REPORT_FIELDS.filter((f) => {
    const value = row[f.column];
    // A null text field follows the generated draft; only the contact point has none.
    if (value === null || value === undefined) return !f.draft;
    return blank(value);
  }).map((f) => f.label);
  const stored = row.open_obligations ?? [];
  const gdpr = row.regulator_notified ? [] : ["Notify the supervisory authority (GDPR Art. 33)"];
  return {
    openObligations: [...gdpr, ...stored],
    obligationsTotal: Number(row.obligations_total) + 1,
    activeBulkActions: Number(row.active_bulk),
    activeCampaigns: Number(row.active_campaigns),
    activeHolds: Number(row.active_holds),
    undecidedHolds: Number(row.undecided_holds),
    missingReportFields,
  };
}
