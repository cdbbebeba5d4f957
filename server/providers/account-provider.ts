import type { ActionKind } from "../../lib/remediation/actions";
import type { SqlQueryable } from "../db/driver";

/** One side effect to apply on the exchange's side. */
export type ProviderItem = {
  /** The same for every attempt of this (action, account, kind): the exchange applies it once. */
  idempotencyKey: string;
  accountId: number;
  externalId: string;
  kind: ActionKind;
  /** Holds: when the hold ends (null: until released). */
  holdUntil: Date | null;
};

/** An item for the built-in provider, which knows accounts by Breachdesk's own id: the exchange's id is not loaded for it. */
export type LocalProviderItem = Omit<ProviderItem, "externalId">;

export type ProviderResult = (
  | {
      ok: true;
      /** When the exchange applied it, by its clock (its answer's appliedAt; a repeated key: the first time). */
      appliedAt?: Date;
    }
  | { ok: false; retryable: boolean; error: string }
) & {
  /** Calls to the exchange that carried this item (external providers). */
  calls?: number;
};

/**
 * Where the side effects happen. The built-in provider keeps the exchange's
 * account state in Breachdesk's own database and applies effects inside the
 * worker's transaction (effect and item status commit together). An external
 * provider (an exchange reached over HTTP) is called between the claim and the
 * completion, with the item's idempotency key.
 */
export type TransactionalProvider = {
  readonly name: string;
  readonly transactional: true;
  apply(tx: SqlQueryable, items: readonly LocalProviderItem[], at: Date): Promise<ProviderResult[]>;
};

export type ExternalApplyOutcome = {
  /** One per item, in order. A retryable failure goes back to the queue. */
  results: ProviderResult[];
  /**
   * Set when the exchange keeps failing (the circuit breaker opened): the
   * bulk action pauses with this message and resumes after the cool-down.
   */
  unavailable?: string | null;
  /** Set when the exchange refused our signature (401/403): the answer, for the outgoing event. */
  signatureRefused?: { status: number; detail: string } | null;
};

export type ExternalProvider = {
  readonly name: string;
  readonly transactional: false;
  /** Seconds a paused action waits before the breaker lets it try again. */
  readonly cooldownSeconds: number;
  apply(items: readonly ProviderItem[], options: { signal?: AbortSignal }): Promise<ExternalApplyOutcome>;
};

export type AccountProvider = TransactionalProvider | ExternalProvider;
