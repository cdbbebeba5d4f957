import type { SqlQueryable } from "../../db/driver";

type CampaignInfo = {
  id: string;
  incident_id: string;
  template_id: string;
  subject: string;
  text_body: string;
  html_body: string;
  leak_started_at: Date | string;
};

/** The claimed messages' campaigns: each with its notice (to render) and its incident's leak start. */
export function loadCampaigns(sql: SqlQueryable, campaignIds: readonly string[]): Promise<CampaignInfo[]> {
  return sql.query<CampaignInfo>(
    `SELECT k.id::text, k.incident_id::text, k.template_id::text, t.subject, t.text_body, t.html_body, i.leak_started_at
       FROM notice_campaigns k JOIN notice_templates t ON t.id = k.template_id JOIN incidents i ON i.id = k.incident_id
      WHERE k.id = ANY($1::uuid[])`,
    [campaignIds],
  );
}
