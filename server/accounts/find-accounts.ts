import "server-only";
import { maskEmail } from "../../lib/email/mask";
import { checkAddress } from "../../lib/email/normalize";
import type { RiskTier } from "../../lib/risk/rules";
import type { Db } from "../db";
import { AppError } from "../errors";
import type { BucketLimit } from "../../lib/rate-limit/token-bucket";
import { takeRate } from "../http/take-rate";

export type FoundAccount = {
  externalId: string;
  /** Masked unless the viewer may see addresses. */
  email: string;
  riskTier: RiskTier;
  incidentSlug: string;
  incidentTitle: string;
};

/** At most this many accounts per answer: a finder, not a listing. */
const FIND_ACCOUNTS_LIMIT = 8;

/**
 * Each person's searches draw on a bucket of their own: enough for typing,
 * far too few to walk a list of guessed addresses (an exact-address lookup
 * tells a masked viewer whether that address was exposed).
 */
const SEARCH_RATE: BucketLimit = { perSecond: 0.5, capacity: 40 };

const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The exposed accounts a search names, for the command palette: by the
 * exchange's account id (a prefix, as typed or upper-cased) or by address.
 * A viewer who sees addresses masked finds an account by its whole address
 * only (never by a part, which would reveal the rest letter by letter) and
 * gets it masked; others find by the address's beginning. Only accounts
 * exposed in an incident are found, in the given incident or, without one, in
 * any (each answer names its incident). Index lookups only (customer_accounts'
 * unique keys, triage_entries by account), so it is cheap on every keystroke.
 */
export async function findAccounts(
  db: Db,
  viewer: { id: string; unmasked: boolean },
  text: string,
  incidentId: string | null,
): Promise<FoundAccount[]> {
  const query = text.trim();
  if (query.length < 2 || query.length > 254) return [];
  const wait = await takeRate(db, `account-search:${viewer.id}`, SEARCH_RATE);
  if (wait !== null) {
    throw new AppError("RATE_LIMITED", `Too many searches in a short time: try again in ${wait} s.`);
  }

  let where: string;
  let params: unknown[];
  if (query.includes("@")) {
    const checked = checkAddress(query);
    if (viewer.unmasked) {
      where = "ca.email_normalized LIKE $1";
      params = [likePrefix(checked.ok ? checked.normalized : query.toLowerCase())];
    } else {
      if (!checked.ok) return [];
      where = "ca.email_normalized = $1";
      params = [checked.normalized];
    }
  } else {
    where = "(ca.external_id LIKE $1 OR ca.external_id LIKE $2)";
    params = [likePrefix(query), likePrefix(query.toUpperCase())];
  }
  const incidentParam = params.length + 1;
  const rows = await db.sql.query<{
    external_id: string;
    email: string;
    risk_tier: RiskTier;
    slug: string;
    title: string;
  }>(
    `SELECT ca.external_id, ca.email, te.risk_tier::text AS risk_tier, i.slug, i.title
       FROM customer_accounts ca
       JOIN triage_entries te ON te.account_id = ca.id
       JOIN incidents i ON i.id = te.incident_id
      WHERE ${where} AND ($${incidentParam}::uuid IS NULL OR te.incident_id = $${incidentParam}::uuid)
      ORDER BY ca.external_id, i.created_at DESC
      LIMIT ${FIND_ACCOUNTS_LIMIT}`,
    [...params, incidentId],
  );
  return rows.map((row) => ({
    externalId: row.external_id,
    email: viewer.unmasked ? row.email : maskEmail(row.email),
    riskTier: row.risk_tier,
    incidentSlug: row.slug,
    incidentTitle: row.title,
  }));
}
