import "server-only";
import { maskEmail } from "../../lib/email/mask";
import { explainRow, featuresOf, type FiredRule } from "../../lib/risk/explain";
import type { RiskTier } from "../../lib/risk/rules";
import type { Db } from "../db";
import { AppError } from "../errors";

type AccountExposure = {
  messageId: number;
  batchKey: string;
  subject: string | null;
  sentAt: Date | null;
  recipientCount: number;
  visibility: string;
  /** The address as it appeared in the message (masked for viewers without the right). */
  listedAs: string;
};

export type ExposedAccount = {
  id: number;
  externalId: string;
  email: string;
  twoFactorEnabled: boolean;
  balanceUsdCents: number | null;
  balanceTier: string | null;
  country: string | null;
  openedAt: Date | null;
  lastLoginAt: Date | null;
  riskTier: RiskTier;
  rules: FiredRule[];
  /** Other recipients who saw the address (largest exposing message). */
  seenBy: number;
  eventsAfterT0: number;
  exposures: AccountExposure[];
};

type TriageFeatures = {
  riskTier: RiskTier;
  riskRules: string[];
  seenBy: number;
  eventsAfterT0: number;
  passwordChangedAt: Date | null;
  securityChanges: number;
  withdrawalChanges: number;
  newDeviceLogins: number;
  failedLogins: number;
  apiKeysCreated: number;
  balanceTier: string | null;
};

/**
 * One customer account as exposed in one incident: who it is, which messages
 * exposed it and why it got its risk tier. An account that this incident did
 * not expose is NOT_FOUND, as is an account of another incident, so the URL
 * cannot be used to browse customers outside the incident.
 */
export async function getExposedAccountOrThrow(
  db: Db,
  incident: { id: string; awareAt: Date },
  accountId: number,
  viewer: { unmasked: boolean },
): Promise<ExposedAccount> {
  const triage: TriageFeatures | null = await db.prisma.triageEntry.findFirst({
    where: { incidentId: incident.id, accountId },
    orderBy: { id: "asc" },
    select: {
      riskTier: true,
      riskRules: true,
      seenBy: true,
      eventsAfterT0: true,
      passwordChangedAt: true,
      securityChanges: true,
      withdrawalChanges: true,
      newDeviceLogins: true,
      failedLogins: true,
      apiKeysCreated: true,
      balanceTier: true,
    },
  });
  const account = triage ? await db.prisma.customerAccount.findUnique({ where: { id: accountId } }) : null;
  if (!triage || !account) throw new AppError("NOT_FOUND", "This account was not exposed in this incident.");

  // leaked_recipients has no relations (see schema.prisma): join in SQL. The
  // account's normalised address is what matched, and the key's prefix.
  const recipients = await db.sql.query<{
    message_id: number;
    batch_key: string;
    subject: string | null;
    sent_at: Date | string | null;
    recipient_count: number;
    visibility: string;
    email_original: string;
  }>(
    `SELECT m.id AS message_id, m.batch_key, m.subject, m.sent_at, m.recipient_count, r.visibility, r.email_original
       FROM leaked_recipients r JOIN leak_messages m ON m.id = r.message_id
      WHERE r.incident_id = $1 AND r.email_normalized = $2
      ORDER BY m.sent_at NULLS LAST, m.id`,
    [incident.id, account.emailNormalized],
  );

  const balance = account.balanceUsdCents === null ? null : Number(account.balanceUsdCents);
  const features = featuresOf(
    {
      accountId: account.id,
      twoFactorEnabled: account.twoFactorEnabled,
      balanceUsdCents: balance,
      balanceTier: triage.balanceTier,
      passwordChangedAt: triage.passwordChangedAt,
      securityChanges: triage.securityChanges,
      withdrawalChanges: triage.withdrawalChanges,
      newDeviceLogins: triage.newDeviceLogins,
      failedLogins: triage.failedLogins,
      apiKeysCreated: triage.apiKeysCreated,
    },
    incident.awareAt,
  );
  const mask = (address: string) => (viewer.unmasked ? address : maskEmail(address));

  return {
    id: account.id,
    externalId: account.externalId,
    email: mask(account.email),
    twoFactorEnabled: account.twoFactorEnabled,
    balanceUsdCents: balance,
    balanceTier: triage.balanceTier,
    country: account.country,
    openedAt: account.openedAt,
    lastLoginAt: account.lastLoginAt,
    riskTier: triage.riskTier,
    rules: explainRow(triage.riskRules, features),
    seenBy: triage.seenBy,
    eventsAfterT0: triage.eventsAfterT0,
    exposures: recipients.map((r) => ({
      messageId: r.message_id,
      batchKey: r.batch_key.trim(), // " unbatched": see server/incidents/get-exposure-by-message.ts
      subject: r.subject,
      sentAt: r.sent_at === null ? null : new Date(r.sent_at),
      recipientCount: r.recipient_count,
      visibility: r.visibility as AccountExposure["visibility"],
      listedAs: mask(r.email_original),
    })),
  };
}
