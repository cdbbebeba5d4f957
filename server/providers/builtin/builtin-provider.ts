import type { SqlQueryable } from "../../db/driver";
import type { ProviderItem, ProviderResult, TransactionalProvider } from "../account-provider";

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
  async apply(tx: SqlQueryable, items: readonly ProviderItem[], at: Date): Promise<ProviderResult[]> {
    if (items.length === 0) return [];
    const applied = await tx.query<{ idempotency_key: string }>(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::int[], $3::text[]) AS i(idempotency_key, account_id, effect)
       ), inserted AS (
         INSERT INTO provider_effects (idempotency_key, account_id, effect, applied_at)
         SELECT idempotency_key, account_id, effect, $4::timestamptz FROM input
         ON CONFLICT (idempotency_key) DO UPDATE SET repeats = provider_effects.repeats + 1
         RETURNING idempotency_key, (xmax = 0) AS fresh
       )
       SELECT idempotency_key FROM inserted WHERE fresh`,
      [items.map((i) => i.idempotencyKey), items.map((i) => i.accountId), items.map((i) => i.kind), at.toISOString()],
    );
    const fresh = new Set(applied.map((row) => row.idempotency_key));
    const newly = items.filter((item) => fresh.has(item.idempotencyKey));
    if (newly.length > 0) {
      await tx.query(
        `INSERT INTO provider_accounts AS p (account_id, password_reset_required, sessions_revoked_at,
                                            withdrawals_held, withdrawals_held_until, updated_at)
         SELECT i.account_id,
                i.kind = 'password_reset',
                CASE WHEN i.kind = 'password_reset' THEN $4::timestamptz END,
                i.kind = 'withdrawal_hold',
                CASE WHEN i.kind = 'withdrawal_hold' THEN i.hold_until END,
                $4::timestamptz
           FROM unnest($1::int[], $2::text[], $3::text[]::timestamptz[]) AS i(account_id, kind, hold_until)
         ON CONFLICT (account_id) DO UPDATE SET
           password_reset_required = p.password_reset_required OR excluded.password_reset_required,
           sessions_revoked_at = coalesce(excluded.sessions_revoked_at, p.sessions_revoked_at),
           withdrawals_held = CASE WHEN $5::text = 'password_reset' THEN p.withdrawals_held ELSE excluded.withdrawals_held END,
           withdrawals_held_until = CASE WHEN $5::text = 'password_reset' THEN p.withdrawals_held_until
                                         ELSE excluded.withdrawals_held_until END,
           updated_at = excluded.updated_at`,
        [
          newly.map((i) => i.accountId),
          newly.map((i) => i.kind),
          newly.map((i) => i.holdUntil?.toISOString() ?? null),
          at.toISOString(),
          newly[0]!.kind,
        ],
      );
    }
    return items.map(() => ({ ok: true, appliedAt: at }));
  },
};
