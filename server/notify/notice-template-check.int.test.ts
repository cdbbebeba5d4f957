import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DEFAULT_NOTICE_TEMPLATE } from "../../lib/notify/render-notice";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { startSmtpSink, type SmtpSink } from "../../test/smtp-sink";
import { resetEnvCache } from "../env";
import { createRemediationFixture, type RemediationFixture } from "../remediation/test-fixtures";
import { previewNotice } from "./preview-notice";
import { requestNoticeCampaign } from "./request-notice-campaign";
import { saveNoticeTemplate } from "./save-notice-template";
import { drainNotices } from "../workers/work";

// A template that would freeze or misbehave at render time is refused when it
// is saved, and nothing is written: no version, no audit entry.

function exponentialTemplate(levels: number): string {
  let source = `{{#*inline "p0"}}{{accountId}}{{/inline}}`;
  for (let i = 1; i <= levels; i++) source += `{{#*inline "p${i}"}}{{> p${i - 1}}}{{> p${i - 1}}}{{/inline}}`;
  return `${source}{{> p${levels}}}`;
}

describe.each(testDbKinds())("notice template check on %s", (kind) => {
  let db: TestDb;
  let f: RemediationFixture;

  let sink: SmtpSink;

  beforeAll(async () => {
    db = await openTestDb(kind);
    sink = await startSmtpSink();
    f = await createRemediationFixture(db, 3);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    resetEnvCache();
    await sink.close();
    await db?.cleanup();
  });

  const written = async () => ({
    versions: await db.prisma.noticeTemplate.count({ where: { incidentId: f.incident.id } }),
    audit: await db.prisma.auditLog.count({ where: { action: "notice_template.saved" } }),
  });

  it.each([
    ["textBody", exponentialTemplate(20), /Inline partials and decorators .* are not allowed in a notice \(line 1\)/],
    ["textBody", "Hello\n{{constructor}}", /\{\{constructor\}\} is not allowed: "constructor" is not a placeholder \(line 2\)/],
    ["htmlBody", "<p>{{__proto__}}</p>", /"__proto__" is not a placeholder \(line 1\)/],
    ["textBody", "Dear\n\n{{first_nam}}", /^Unknown placeholder \{\{first_nam\}\} \(line 3\): the placeholders are \{\{maskedEmail\}\}, /],
    ["subject", "For {{> p}}", /^Partials/],
  ] as const)("refuses %s %#, naming the construct and its line, and writes nothing", async (field, source, message) => {
    const before = await written();
    const template = { ...DEFAULT_NOTICE_TEMPLATE, [field]: source };
    const error = await saveNoticeTemplate(db, f.incident.id, template, f.requester).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "VALIDATION", fields: { [field]: expect.stringMatching(message) } });
    expect(JSON.stringify((error as { fields: unknown }).fields)).not.toContain("[object Object]");
    expect(await written()).toEqual(before);

    // The editor's preview gives the same answer, without rendering.
    const preview = await previewNotice(db, { id: f.incident.id, leakStartedAt: new Date() }, template, undefined, {
      unmasked: false,
    });
    expect(preview).toEqual({ ok: false, errors: { [field]: expect.stringMatching(message) } });
  });

  it("saves the default template", async () => {
    const before = await written();
    await saveNoticeTemplate(db, f.incident.id, DEFAULT_NOTICE_TEMPLATE, f.requester);
    expect(await written()).toEqual({ versions: before.versions + 1, audit: before.audit + 1 });
  });

  it("a template stored before the check is refused again when a campaign renders it: nothing is sent", async () => {
    const vars = {
      BREACHDESK_SMTP_HOST: "127.0.0.1",
      BREACHDESK_SMTP_PORT: String(sink.port),
      BREACHDESK_SMTP_TLS: "none",
      BREACHDESK_SMTP_RETRY_BASE_SECONDS: "0",
      BREACHDESK_SMTP_RATE_PER_SECOND: "0",
      BREACHDESK_WORK_POLL_MS: "20",
      BREACHDESK_APPROVAL_THRESHOLD: "1000",
    };
    for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
    resetEnvCache();
    const last = await db.prisma.noticeTemplate.count({ where: { incidentId: f.incident.id } });
    // Written as an older version would have been: straight to the table, unchecked.
    const stored = await db.prisma.noticeTemplate.create({
      data: {
        incidentId: f.incident.id,
        version: last + 1,
        subject: "Notice",
        textBody: exponentialTemplate(20),
        htmlBody: "",
        createdById: f.requester.id,
      },
      select: { id: true },
    });
    const campaign = await requestNoticeCampaign(db, f.incident, { templateId: stored.id, audience: "" }, f.requester);
    expect(campaign.status).toBe("running");
    await drainNotices(db);
    expect(sink.received).toHaveLength(0);
    const rows = await db.sql.query<{ status: string; response: string | null }>(
      `SELECT status::text, last_response AS response FROM notice_messages WHERE campaign_id = $1::uuid`,
      [campaign.id],
    );
    expect(rows.length).toBe(3);
    for (const row of rows) {
      expect(row.status).toBe("failed");
      expect(row.response).toMatch(/^Not sent: The template's textBody is refused: Inline partials/);
    }
  });
});
