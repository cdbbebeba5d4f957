import { maskEmail } from "../../lib/email/mask";
import type { NoticeContext } from "../../lib/notify/render-notice";
import type { SqlQueryable } from "../db/driver";

type AccountRow = {
  id: number;
  external_id: string;
  email: string;
  two_factor_enabled: boolean;
  reset_status: string | null;
  hold_status: string | null;
  hold_until: Date | string | null;
};

export type NoticeAccount = { accountId: number; externalId: string; email: string; context: NoticeContext };

const DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const DAY_TIME = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
  timeZoneName: "short",
});

/** What was done on the account and what the customer should do, in plain words. */
function describeAccount(row: Pick<AccountRow, "two_factor_enabled" | "reset_status" | "hold_status" | "hold_until">) {
  const actions: string[] = [];
  const nextSteps: string[] = [];
  if (row.reset_status === "requested" || row.reset_status === "sent") {
    actions.push("We required a new password for your account: you will choose one when you next sign in.");
    nextSteps.push("Sign in by typing our address yourself (never through a link in an e-mail) and choose a new password.");
  } else if (row.reset_status === "completed") {
    actions.push("We required a new password for your account, and you have since chosen one.");
  }
  if (row.hold_status === "active") {
    actions.push(
      row.hold_until
        ? `We paused withdrawals from your account until ${DAY_TIME.format(new Date(row.hold_until))}.`
        : "We paused withdrawals from your account until you confirm a few details with our support team.",
    );
    nextSteps.push("Contact our support team if you need to withdraw before then.");
  } else if (row.hold_status === "released" || row.hold_status === "expired") {
    actions.push("We paused withdrawals from your account for a while; they are allowed again.");
  }
  if (actions.length === 0) actions.push("We are watching your account for unusual sign-ins.");
  if (!row.two_factor_enabled) nextSteps.push("Turn on two-factor authentication in your account settings.");
  nextSteps.push("Be wary of e-mails that ask for your password, a code or a payment: we never ask for them.");
  return { actions, nextSteps };
}

/** The template context of each account, by account id (accounts not found are left out). */
export async function loadNoticeAccounts(
  sql: SqlQueryable,
  incident: { id: string; leakStartedAt: Date },
  accountIds: number[],
  supportContact: string,
): Promise<Map<number, NoticeAccount>> {
  const rows = await sql.query<AccountRow>(
    `SELECT c.id, c.external_id, c.email, c.two_factor_enabled, ar.reset_status::text AS reset_status,
            ar.hold_status::text AS hold_status, ar.hold_until
       FROM customer_accounts c
       LEFT JOIN account_remediation ar ON ar.incident_id = $1::uuid AND ar.account_id = c.id
      WHERE c.id = ANY($2::int[])`,
    [incident.id, accountIds],
  );
  const leakDate = DAY.format(incident.leakStartedAt);
  return new Map(
    rows.map((row) => [
      Number(row.id),
      {
        accountId: Number(row.id),
        externalId: row.external_id,
        email: row.email,
        context: { maskedEmail: maskEmail(row.email), accountId: row.external_id, leakDate, supportContact, ...describeAccount(row) },
      },
    ]),
  );
}
