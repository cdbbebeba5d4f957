import type { AccountState, BatchItem, ExchangeAction, ItemErrorCode, ItemResult } from "../../lib/exchange/contract";
import { ITEM_ERROR_CODES } from "../../lib/exchange/contract";

// The reference exchange's own accounts and its idempotency record, in memory.

type SimAccount = {
  id: string;
  status: "open" | "closed";
  passwordResetRequired: boolean;
  passwordResetForcedAt: string | null;
  sessionsRevokedAt: string | null;
  hold: { active: boolean; placedAt: string | null; until: string | null };
  /** Effects applied on this account, by action: the tests' proof of "exactly once". */
  applied: Record<ExchangeAction, number>;
};

export type SimCounters = {
  requests: number;
  refused: Record<string, number>;
  effectsApplied: Record<ExchangeAction, number>;
  /** Items answered from the idempotency record instead of acting again. */
  duplicatesRefused: number;
  /** Effects applied for a key that had been applied before (0 unless the exchange is built broken). */
  repeatedEffects: number;
  faults: Record<string, number>;
  /** Effects applied per 100 ms, from the first (the benchmark's rate-limit check). */
  appliedPer100ms: number[];
  webhooks: { deliveries: number; accepted: number; refused: number; events: number };
};

export type StoreOptions = {
  /** Any account id is known, except ids starting `unknown-` (unknown) or `closed-` (closed). */
  autoAccounts: boolean;
  /** Built broken for the conformance check's own test: applies a repeated key again. */
  repeatEffects?: boolean;
  /** Built broken likewise: every hold is indefinite, whatever its holdUntil. */
  ignoreHoldUntil?: boolean;
};

export class SimStore {
  private readonly accounts = new Map<string, SimAccount>();
  private readonly record = new Map<string, { fingerprint: string; result: ItemResult }>();
  readonly counters: SimCounters = {
    requests: 0,
    refused: {},
    effectsApplied: { password_reset: 0, withdrawal_hold: 0, hold_release: 0 },
    duplicatesRefused: 0,
    repeatedEffects: 0,
    faults: {},
    appliedPer100ms: [],
    webhooks: { deliveries: 0, accepted: 0, refused: 0, events: 0 },
  };

  private firstAppliedAt: number | null = null;

  constructor(private readonly options: StoreOptions) {}

  addAccounts(open: readonly string[], closed: readonly string[] = []): void {
    for (const id of open) this.accounts.set(id, this.blank(id, "open"));
    for (const id of closed) this.accounts.set(id, this.blank(id, "closed"));
  }

  private blank(id: string, status: "open" | "closed"): SimAccount {
    return {
      id,
      status,
      passwordResetRequired: false,
      passwordResetForcedAt: null,
      sessionsRevokedAt: null,
      hold: { active: false, placedAt: null, until: null },
      applied: { password_reset: 0, withdrawal_hold: 0, hold_release: 0 },
    };
  }

  account(id: string): SimAccount | null {
    const known = this.accounts.get(id);
    if (known) return known;
    if (!this.options.autoAccounts || id.startsWith("unknown-")) return null;
    const created = this.blank(id, id.startsWith("closed-") ? "closed" : "open");
    this.accounts.set(id, created);
    return created;
  }

  state(id: string, now: Date = new Date()): AccountState | null {
    const account = this.account(id);
    if (!account) return null;
    const holdActive = account.hold.active && (account.hold.until === null || Date.parse(account.hold.until) > now.getTime());
    return {
      accountId: account.id,
      status: account.status,
      passwordResetRequired: account.passwordResetRequired,
      passwordResetForcedAt: account.passwordResetForcedAt,
      sessionsRevokedAt: account.sessionsRevokedAt,
      withdrawalHold: { active: holdActive, placedAt: account.hold.placedAt, until: holdActive ? account.hold.until : null },
    };
  }

  appliedCounts(id: string): Record<ExchangeAction, number> | null {
    return this.accounts.get(id)?.applied ?? null;
  }

  /** The customer sets a new password (the simulator's "customer"). */
  completeReset(id: string): boolean {
    const account = this.accounts.get(id);
    if (!account?.passwordResetRequired) return false;
    account.passwordResetRequired = false;
    return true;
  }

  /** Applies one item once; a repeated key gets the first result. */
  apply(item: BatchItem, now: Date = new Date()): ItemResult {
    const fingerprint = `${item.accountId}|${item.action}|${item.holdUntil ?? ""}`;
    const seen = this.record.get(item.idempotencyKey);
    if (seen && !this.options.repeatEffects) {
      if (seen.fingerprint !== fingerprint)
        return failure(item.idempotencyKey, "idempotency_key_reused", "This idempotency key was used for a different item.");
      this.counters.duplicatesRefused += 1;
      return seen.result;
    }
    const account = this.account(item.accountId);
    let result: ItemResult;
    if (!account) result = failure(item.idempotencyKey, "unknown_account", `No account ${item.accountId}.`);
    else if (account.status === "closed") result = failure(item.idempotencyKey, "account_closed", `Account ${item.accountId} is closed.`);
    else {
      const at = now.toISOString();
      if (item.action === "password_reset") {
        account.passwordResetRequired = true;
        account.passwordResetForcedAt = at;
        account.sessionsRevokedAt = at;
      } else if (item.action === "withdrawal_hold") {
        account.hold = { active: true, placedAt: at, until: this.options.ignoreHoldUntil ? null : (item.holdUntil ?? null) };
      } else {
        account.hold = { active: false, placedAt: account.hold.placedAt, until: null };
      }
      account.applied[item.action] += 1;
      const wall = performance.now();
      this.firstAppliedAt ??= wall;
      const slot = Math.floor((wall - this.firstAppliedAt) / 100);
      while (this.counters.appliedPer100ms.length <= slot) this.counters.appliedPer100ms.push(0);
      this.counters.appliedPer100ms[slot]! += 1;
      this.counters.effectsApplied[item.action] += 1;
      if (seen) this.counters.repeatedEffects += 1;
      result = { idempotencyKey: item.idempotencyKey, status: "applied", appliedAt: at };
    }
    // Final answers are kept; a key whose item failed for good answers the same failure again.
    if (!this.record.has(item.idempotencyKey)) this.record.set(item.idempotencyKey, { fingerprint, result });
    return result;
  }

  count(group: "refused" | "faults", name: string): void {
    this.counters[group][name] = (this.counters[group][name] ?? 0) + 1;
  }

  /** The largest number of times one action was applied to one account. */
  maxAppliedPerAccount(): number {
    let max = 0;
    for (const account of this.accounts.values())
      for (const n of Object.values(account.applied)) if (n > max) max = n;
    return max;
  }
}

function failure(idempotencyKey: string, code: ItemErrorCode, message: string): ItemResult {
  return { idempotencyKey, status: "failed", error: { code, message, retryable: ITEM_ERROR_CODES[code].retryable } };
}
