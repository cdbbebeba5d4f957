import { checkNoticeTemplate, renderNotice, type NoticeTemplateText, type RenderedNotice, type TemplateErrors } from "../../lib/notify/render-notice";
import type { Db } from "../db";
import { AppError } from "../errors";
import { loadNoticeAccounts, type NoticeAccount } from "./notice-context";
import { notifyConfig } from "./notify-config";

export type NoticePreview =
  | { ok: true; accountId: string; to: string; from: string; replyTo: string | null; rendered: RenderedNotice }
  | { ok: false; errors: TemplateErrors };

/**
 * The account a preview or test send is rendered for: the exchange's account
 * id, which must be one of this incident's exposed accounts; the highest-risk
 * one when none is named.
 */
export async function findNoticeAccount(
  db: Db,
  incident: { id: string; leakStartedAt: Date },
  externalId: string | undefined,
): Promise<NoticeAccount> {
  const trimmed = externalId?.trim();
  const [row] = await db.sql.query<{ account_id: number }>(
    trimmed
      ? `SELECT account_id FROM triage_entries WHERE incident_id = $1::uuid AND external_id = $2 AND account_id IS NOT NULL LIMIT 1`
      : `SELECT account_id FROM triage_entries WHERE incident_id = $1::uuid AND account_id IS NOT NULL ORDER BY risk_sort DESC, id DESC LIMIT 1`,
    trimmed ? [incident.id, trimmed] : [incident.id],
  );
  if (!row) {
    throw new AppError("NOT_FOUND", trimmed ? `No exposed account ${trimmed} in this incident.` : "This incident has no exposed accounts yet.", {
      accountId: "Give the account id of an exposed account.",
    });
  }
  const config = notifyConfig();
  const accounts = await loadNoticeAccounts(db.sql, incident, [Number(row.account_id)], config.replyTo ?? config.from);
  const account = accounts.get(Number(row.account_id));
  if (!account) throw new AppError("NOT_FOUND", "That account no longer exists.");
  return account;
}

/** The notice as one customer would receive it (nothing is saved or sent). */
export async function previewNotice(
  db: Db,
  incident: { id: string; leakStartedAt: Date },
  draft: NoticeTemplateText,
  accountExternalId: string | undefined,
  options: { unmasked: boolean },
): Promise<NoticePreview> {
  const errors = checkNoticeTemplate(draft);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const account = await findNoticeAccount(db, incident, accountExternalId);
  const config = notifyConfig();
  return {
    ok: true,
    accountId: account.externalId,
    to: options.unmasked ? account.email : account.context.maskedEmail,
    from: config.from,
    replyTo: config.replyTo,
    rendered: renderNotice(draft, account.context),
  };
}
