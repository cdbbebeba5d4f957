import type { SqlQueryable } from "../../db/driver";
import type { LocalProviderItem, ProviderResult, TransactionalProvider } from "../account-provider";

/**
 * The built-in provider: the exchange's side kept in provider_accounts, each
 * effect recorded once in provider_effects under its idempotency key. A key
 * seen before is not applied again; it counts a repeat instead, so tests can
 * prove that no effect was ever attempted twice.
 *   reset: the customer must set a new password; sessions and API keys revoked.
 *   hold: withdrawals blocked until the given time (or until released).
 *   release: withdrawals allowed again.
 */
export const builtinProvider: TransactionalProvider = {
  name: "built-in",
  transactional: true,
  async apply(tx: SqlQueryable, items: readonly LocalProviderItem[], at: Date): Promise<ProviderResult[]> {
    if (items.length === 0) return [];
    // One statement: an effect whose key was already recorded counts a
    // repeat and leaves the account alone (the join keeps only fresh keys).
    // A key names its account and effect (effectKey), so the join is on those:
    // integers hash faster than the keys' text sorts.
    await tx.run(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[]::timestamptz[])
                    AS i(idempotency_key, account_id, effect, hold_until)
       ), inserted AS (
         INSERT INTO provider_effects (idempotency_key, account_id, effect, applied_at)
         SELECT idempotency_key, account_id, effect, $5::timestamptz FROM input
         ON CONFLICT (idempotency_key) DO UPDATE SET repeats = provider_effects.repeats + 1
         RETURNING account_id, effect, (xmax = 0) AS fresh
       )
       INSERT INTO provider_accounts AS p (account_id, password_reset_required, sessions_revoked_at,
                                           withdrawals_held, withdrawals_held_until, updated_at)
       SELECT i.account_id,
              i.effect = 'password_reset',
              CASE WHEN i.effect = 'password_reset' THEN $5::timestamptz END,
              i.effect = 'withdrawal_hold',
              CASE WHEN i.effect = 'withdrawal_hold' THEN i.hold_until END,
              $5::timestamptz
         FROM input i JOIN inserted n ON n.account_id = i.account_id AND n.effect = i.effect AND n.fresh
       ON CONFLICT (account_id) DO UPDATE SET
         password_reset_required = p.password_reset_required OR excluded.password_reset_required,
         sessions_revoked_at = coalesce(excluded.sessions_revoked_at, p.sessions_revoked_at),
         -- A reset leaves the withdrawals as they are; a hold or a release sets them.
         withdrawals_held = CASE WHEN excluded.password_reset_required THEN p.withdrawals_held ELSE excluded.withdrawals_held END,
         withdrawals_held_until = CASE WHEN excluded.password_reset_required THEN p.withdrawals_held_until
                                       ELSE excluded.withdrawals_held_until END,
         updated_at = excluded.updated_at`,
      [
        items.map((i) => i.idempotencyKey),
        items.map((i) => i.accountId),
        items.map((i) => i.kind),
        items.map((i) => i.holdUntil?.toISOString() ?? null),
        at.toISOString(),
      ],
    );
    return items.map(() => ({ ok: true, appliedAt: at }));
  },
};
