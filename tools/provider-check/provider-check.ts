import { randomBytes } from "node:crypto";
import {
  AccountState,
  BatchResponse,
  CONTRACT_VERSION,
  ErrorResponse,
  MAX_BODY_BYTES,
  PROVIDER_PATHS,
  SIGNATURE_TOLERANCE_SECONDS,
  type BatchItem,
  type ItemResult,
} from "../../lib/exchange/contract";
import { signRequest } from "../../lib/exchange/signing";

// The conformance check an exchange's engineers run against their own
// implementation of the provider contract (`npx breachdesk provider check`).
// It acts on three test accounts: one open (it forces a reset, places and
// releases a hold on it), one closed, and one that does not exist. Each check
// is a rule of the document and names the section that states it, so a
// failure tells the exchange's engineer where to read.

/** The sections of docs/provider-api.md the checks cite (a test keeps them in step with its headings). */
export const CONTRACT_SECTIONS = {
  operations: "Operations (the exchange implements these)",
  idempotency: "Idempotency: each effect exactly once",
  errors: "Errors: what Breachdesk retries and what is final",
  signatures: "Signatures",
  sizes: "Sizes and rates",
} as const;
export type ContractSection = keyof typeof CONTRACT_SECTIONS;
export const CONTRACT_DOCUMENT = "docs/provider-api.md";

/** `name` is the rule checked; `section` where the document states it. */
export type CheckResult = { name: string; ok: boolean; detail: string; section: string };
export type ProviderCheckReport = {
  ok: boolean;
  /** The version of the document the exchange was checked against. */
  documentVersion: string;
  document: string;
  passed: number;
  failed: number;
  checks: CheckResult[];
};
export type ProviderCheckOptions = {
  url: string;
  secret: string;
  account: string;
  closedAccount: string;
  unknownAccount: string;
  fetch?: typeof fetch;
};

type Answer = { status: number; text: string; json: unknown; headers: Headers };

export async function runProviderCheck(options: ProviderCheckOptions): Promise<ProviderCheckReport> {
  const base = options.url.replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;
  const run = `check-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
  const key = (name: string) => `${run}-${name}`;
  const checks: CheckResult[] = [];
  let section: ContractSection = "signatures";
  const record = (name: string, ok: boolean, detail: string) =>
    checks.push({ name, ok, detail, section: `${CONTRACT_DOCUMENT} § ${CONTRACT_SECTIONS[section]}` });

  async function send(
    method: string,
    path: string,
    body: unknown,
    sign: { secret?: string; secrets?: string[]; now?: number; headers?: Record<string, string> } | "unsigned" = {},
    extra: Record<string, string> = {},
  ): Promise<Answer & { sent: Record<string, string>; body: string }> {
    const text = body === undefined ? "" : JSON.stringify(body);
    const url = new URL(base + path);
    const signedPath = url.pathname + url.search;
    const headers: Record<string, string> =
      sign === "unsigned"
        ? {}
        : (sign.headers ??
          signRequest({ method, path: signedPath, body: text }, sign.secrets ?? [sign.secret ?? options.secret], { now: sign.now }));
    const response = await doFetch(url, {
      method,
      headers: { ...(text ? { "content-type": "application/json" } : {}), ...headers, ...extra },
      body: text || undefined,
    });
    const answer = await response.text();
    let json: unknown = null;
    try {
      json = JSON.parse(answer);
    } catch {
      // Not JSON: the checks below say so.
    }
    return { status: response.status, text: answer, json, headers: response.headers, sent: headers, body: text };
  }

  const batch = (items: BatchItem[]) => ({ items });
  const reset = (k: string, accountId = options.account): BatchItem => ({ idempotencyKey: k, accountId, action: "password_reset" });
  const expectStatus = (name: string, answer: Answer, status: number, also: (a: Answer) => string | null = () => null) => {
    const problem = answer.status !== status ? `expected HTTP ${status}, got ${answer.status}: ${answer.text.slice(0, 160)}` : also(answer);
    record(name, problem === null, problem ?? `HTTP ${status}`);
  };
  const errorCode = (code: string) => (a: Answer) => {
    const parsed = ErrorResponse.safeParse(a.json);
    if (!parsed.success) return `the body is not {"error":{"code","message"}}: ${a.text.slice(0, 160)}`;
    return parsed.data.error.code === code ? null : `expected error code ${code}, got ${parsed.data.error.code}`;
  };
  const otherSecret = `not-${options.secret}-at-all`;
  const stateOf = async (): Promise<AccountState | null> => {
    const a = await send("GET", PROVIDER_PATHS.account(options.account), undefined);
    const parsed = AccountState.safeParse(a.json);
    return a.status === 200 && parsed.success ? parsed.data : null;
  };

  try {
    // Signatures.
    expectStatus("unsigned request refused", await send("POST", PROVIDER_PATHS.batch, batch([reset(key("unsigned"))]), "unsigned"), 401);
    expectStatus(
      "wrong secret refused",
      await send("POST", PROVIDER_PATHS.batch, batch([reset(key("wrong-secret"))]), { secret: otherSecret }),
      401,
    );
    expectStatus(
      "timestamp outside the 5-minute window refused",
      await send("POST", PROVIDER_PATHS.batch, batch([reset(key("old"))]), { now: Date.now() - 10 * 60_000 }),
      401,
    );
    expectStatus(
      `timestamp more than ${SIGNATURE_TOLERANCE_SECONDS} s in the future refused`,
      await send("POST", PROVIDER_PATHS.batch, batch([reset(key("future"))]), { now: Date.now() + 10 * 60_000 }),
      401,
    );
    const stateRead = PROVIDER_PATHS.account(options.account);
    expectStatus("unsigned state read (GET) refused", await send("GET", stateRead, undefined, "unsigned"), 401);
    expectStatus("state read (GET) with a wrong secret refused", await send("GET", stateRead, undefined, { secret: otherSecret }), 401);
    expectStatus(
      "two v1= signatures (rotation), the valid one second: accepted",
      await send("GET", stateRead, undefined, { secrets: [otherSecret, options.secret] }),
      200,
    );
    expectStatus(
      "two v1= signatures (rotation), the valid one first: accepted",
      await send("GET", stateRead, undefined, { secrets: [options.secret, otherSecret] }),
      200,
    );
    const stale = await stateOf();
    if (stale?.passwordResetForcedAt)
      record("refused requests had no effect", true, "(the account had a reset before this run: not checkable)");
    else record("refused requests had no effect", stale !== null, stale ? "no reset was applied" : "could not read the account's state");

    // A valid call, then the same bytes again (a replay), then the same key in a new request.
    section = "operations";
    const first = await send("POST", PROVIDER_PATHS.batch, batch([reset(key("reset"))]));
    const firstResult = BatchResponse.safeParse(first.json);
    const applied = firstResult.success ? firstResult.data.results[0] : undefined;
    record(
      "signed batch call accepted and applied",
      first.status === 200 && applied?.status === "applied",
      first.status === 200 ? JSON.stringify(applied ?? first.json).slice(0, 200) : `HTTP ${first.status}: ${first.text.slice(0, 160)}`,
    );
    const before = await stateOf();
    const replay = await send("POST", PROVIDER_PATHS.batch, JSON.parse(first.body), { headers: first.sent });
    section = "signatures";
    expectStatus("replayed request (same signature and nonce) refused", replay, 401);
    section = "idempotency";
    // Past the clock's resolution, so that an effect applied again would show a later time.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const repeat = await send("POST", PROVIDER_PATHS.batch, batch([reset(key("reset"))]));
    const repeatResult = BatchResponse.safeParse(repeat.json);
    const again = repeatResult.success ? repeatResult.data.results[0] : undefined;
    record(
      "repeated idempotency key answered with the first result",
      repeat.status === 200 && JSON.stringify(again) === JSON.stringify(applied),
      `first ${JSON.stringify(applied)}, repeat ${JSON.stringify(again ?? repeat.text.slice(0, 120))}`,
    );
    const after = await stateOf();
    record(
      "repeated idempotency key did not repeat the effect",
      before !== null && after !== null && before.passwordResetForcedAt === after.passwordResetForcedAt && before.sessionsRevokedAt === after.sessionsRevokedAt,
      `passwordResetForcedAt ${before?.passwordResetForcedAt} then ${after?.passwordResetForcedAt}`,
    );
    const reused = await send("POST", PROVIDER_PATHS.batch, batch([{ ...reset(key("reset")), action: "hold_release" }]));
    const reusedResult = BatchResponse.safeParse(reused.json);
    const reusedItem: ItemResult | undefined = reusedResult.success ? reusedResult.data.results[0] : undefined;
    record(
      "a key reused for another item is refused",
      reused.status === 422 || (reusedItem?.status === "failed" && reusedItem.error.code === "idempotency_key_reused"),
      reused.text.slice(0, 200),
    );

    // One failed item never fails the others.
    section = "operations";
    // Whole seconds, so that an exchange that keeps seconds only still shows the same time.
    const holdUntil = new Date(Math.floor(Date.now() / 1000) * 1000 + 3_600_000).toISOString();
    const mixed = await send(
      "POST",
      PROVIDER_PATHS.batch,
      batch([
        { idempotencyKey: key("hold"), accountId: options.account, action: "withdrawal_hold", holdUntil },
        reset(key("unknown"), options.unknownAccount),
        reset(key("closed"), options.closedAccount),
      ]),
    );
    const mixedResult = BatchResponse.safeParse(mixed.json);
    const byKey = new Map((mixedResult.success ? mixedResult.data.results : []).map((r) => [r.idempotencyKey, r]));
    const failedWith = (k: string, code: string) => {
      const r = byKey.get(key(k));
      return r?.status === "failed" && r.error.code === code && r.error.retryable === false;
    };
    record(
      "batch with failing items: the others still applied",
      mixed.status === 200 && byKey.get(key("hold"))?.status === "applied",
      mixed.text.slice(0, 300),
    );
    section = "errors";
    record("batch item for an unknown account: unknown_account, final", failedWith("unknown", "unknown_account"), JSON.stringify(byKey.get(key("unknown"))));
    record("batch item for a closed account: account_closed, final", failedWith("closed", "account_closed"), JSON.stringify(byKey.get(key("closed"))));
    section = "operations";
    const held = await stateOf();
    record("the hold shows in the account's state", held?.withdrawalHold.active === true, JSON.stringify(held?.withdrawalHold));
    const heldUntil = held?.withdrawalHold.until ? Date.parse(held.withdrawalHold.until) : null;
    record(
      "a hold ends at its holdUntil: the state shows that time",
      heldUntil !== null && Math.abs(heldUntil - Date.parse(holdUntil)) < 1_000,
      `holdUntil ${holdUntil} sent, the state shows until ${held?.withdrawalHold.until ?? null} (null: a hold without end)`,
    );

    // Single-account operations: a repeat answers the first result, says so, and acts on nothing.
    section = "idempotency";
    const single = await send("POST", PROVIDER_PATHS.passwordReset(options.account), {}, {}, { "idempotency-key": key("single-reset") });
    const resetOnce = await stateOf();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const singleAgain = await send("POST", PROVIDER_PATHS.passwordReset(options.account), {}, {}, { "idempotency-key": key("single-reset") });
    const resetTwice = await stateOf();
    record(
      "repeated single operation did not repeat the effect",
      single.status === 200 &&
        resetOnce !== null &&
        resetTwice !== null &&
        resetOnce.passwordResetForcedAt === resetTwice.passwordResetForcedAt &&
        resetOnce.sessionsRevokedAt === resetTwice.sessionsRevokedAt,
      `HTTP ${single.status} then ${singleAgain.status}; passwordResetForcedAt ${resetOnce?.passwordResetForcedAt} then ${resetTwice?.passwordResetForcedAt}`,
    );
    record(
      "repeated single operation answered with Idempotent-Replayed: true",
      singleAgain.headers.get("idempotent-replayed") === "true",
      `Idempotent-Replayed: ${singleAgain.headers.get("idempotent-replayed") ?? "(absent)"}`,
    );

    section = "operations";
    const release = await send("POST", PROVIDER_PATHS.release(options.account), {}, {}, { "idempotency-key": key("release") });
    expectStatus("single release with an Idempotency-Key applied", release, 200);
    const releaseAgain = await send("POST", PROVIDER_PATHS.release(options.account), {}, {}, { "idempotency-key": key("release") });
    section = "idempotency";
    record(
      "single operation repeated: the first answer",
      releaseAgain.status === 200 && releaseAgain.text === release.text,
      `${release.text.slice(0, 120)} / ${releaseAgain.text.slice(0, 120)}`,
    );
    section = "operations";
    const released = await stateOf();
    record("the release shows in the account's state", released?.withdrawalHold.active === false, JSON.stringify(released?.withdrawalHold));
    section = "idempotency";
    expectStatus(
      "single operation without an Idempotency-Key refused",
      await send("POST", PROVIDER_PATHS.passwordReset(options.account), {}),
      400,
    );
    section = "errors";
    expectStatus(
      "single operation on an unknown account: 404 unknown_account",
      await send("POST", PROVIDER_PATHS.passwordReset(options.unknownAccount), {}, {}, { "idempotency-key": key("single-unknown") }),
      404,
      errorCode("unknown_account"),
    );
    expectStatus(
      "single operation on a closed account: 409 account_closed",
      await send("POST", PROVIDER_PATHS.passwordReset(options.closedAccount), {}, {}, { "idempotency-key": key("single-closed") }),
      409,
      errorCode("account_closed"),
    );
    expectStatus("reading an unknown account: 404", await send("GET", PROVIDER_PATHS.account(options.unknownAccount), undefined), 404);
    expectStatus("invalid batch refused with 400", await send("POST", PROVIDER_PATHS.batch, { items: [{ accountId: options.account }] }), 400, errorCode("invalid_request"));
    const tooMany = Array.from({ length: 1_001 }, (_, i) => reset(key(`many-${i}`)));
    section = "sizes";
    expectStatus("a batch over 1,000 items refused with 400", await send("POST", PROVIDER_PATHS.batch, batch(tooMany)), 400);
    // A valid batch (one item, for an account that does not exist, so nothing happens if it is read) padded past the limit.
    const padding = "x".repeat(MAX_BODY_BYTES);
    expectStatus(
      `a body over ${MAX_BODY_BYTES / 1024 / 1024} MB refused with 413`,
      await send("POST", PROVIDER_PATHS.batch, { ...batch([reset(key("big"), options.unknownAccount)]), padding }),
      413,
    );
  } catch (error) {
    section = "operations";
    record("the exchange answered every request", false, `${(error as Error).message}`);
  }
  const failed = checks.filter((c) => !c.ok).length;
  return {
    ok: failed === 0,
    documentVersion: CONTRACT_VERSION,
    document: CONTRACT_DOCUMENT,
    passed: checks.length - failed,
    failed,
    checks,
  };
}
