import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  BatchRequest,
  HoldRequest,
  ITEM_ERROR_CODES,
  MAX_BODY_BYTES,
  MAX_WEBHOOK_EVENTS,
  type BatchItem,
  type ExchangeAction,
  type ItemResult,
  type WebhookEvent,
} from "../../lib/exchange/contract";
import { SIGNATURE_HEADERS, signRequest, verifySignature } from "../../lib/exchange/signing";
import { createRandom } from "../../lib/random/prng";
import type { SimDefect } from "./defects";
import { SimStore, type SimCounters } from "./sim-store";

// The reference exchange: a real HTTP server that implements the provider
// contract (docs/provider-api.md) over its own accounts in memory, with faults
// to inject, and counters that let a test count side effects from the
// exchange's side. `npx breachdesk exchange-sim` runs it; tests and the
// benchmark start it in-process on a free port. Its /_sim/ routes (faults,
// counters, sending webhooks) are for tests and demos: unauthenticated, so it
// listens on loopback by default.

export type SimFaults = {
  /** Fraction of calls answered 503. */
  errorRate: number;
  /** Fraction of calls answered 429 with Retry-After. */
  throttleRate: number;
  retryAfterSeconds: number;
  /** Fraction of calls whose connection is dropped without an answer (half before acting, half after). */
  dropRate: number;
  /** Fraction of calls answered after `slowMs`. */
  slowRate: number;
  slowMs: number;
  /** The next calls' faults, in order, before the rates apply. */
  script: SimFaultKind[];
  /** Webhooks: fraction of deliveries sent twice; a delay before each; deliveries of a batch sent in reverse order. */
  webhookDuplicateRate: number;
  webhookDelayMs: number;
  webhookReverse: boolean;
};
export type SimFaultKind = "error" | "throttle" | "drop-before" | "drop-after" | "slow" | "none";

/** One deliberate defect (tools/exchange-sim/defects.ts). */
export type SimBroken = SimDefect;

export type SimOptions = {
  port?: number;
  host?: string;
  secrets: string[];
  /** Where webhooks go (Breachdesk's POST /api/v1/webhooks/exchange). */
  webhookUrl?: string;
  autoAccounts?: boolean;
  accounts?: string[];
  closedAccounts?: string[];
  faults?: Partial<SimFaults>;
  /** Customers complete their forced resets this many ms later (a completion webhook each); unset: never by themselves. */
  completeResetsAfterMs?: number;
  seed?: number;
  /** A deliberately broken exchange, for the conformance check's own tests. */
  broken?: SimBroken;
  now?: () => Date;
};

export type WebhookSendMode = "normal" | "duplicate" | "replay" | "expired" | "bad-signature" | "reverse";

export type ExchangeSim = {
  url: string;
  port: number;
  store: SimStore;
  counters(): SimCounters & { maxAppliedPerAccount: number };
  setFaults(faults: Partial<SimFaults>): void;
  sendWebhooks(events: WebhookEvent[], mode?: WebhookSendMode): Promise<{ status: number; body: string }[]>;
  close(): Promise<void>;
};

const DEFAULT_FAULTS: SimFaults = {
  errorRate: 0,
  throttleRate: 0,
  retryAfterSeconds: 1,
  dropRate: 0,
  slowRate: 0,
  slowMs: 2_000,
  script: [],
  webhookDuplicateRate: 0,
  webhookDelayMs: 0,
  webhookReverse: false,
};
const NONCE_TTL_MS = 15 * 60_000;

export async function startExchangeSim(options: SimOptions): Promise<ExchangeSim> {
  const now = options.now ?? (() => new Date());
  const store = new SimStore({
    autoAccounts: options.autoAccounts ?? true,
    repeatEffects: options.broken === "repeat-effects",
    ignoreHoldUntil: options.broken === "ignore-hold-until",
  });
  store.addAccounts(options.accounts ?? [], options.closedAccounts ?? []);
  const faults: SimFaults = { ...DEFAULT_FAULTS, ...options.faults, script: [...(options.faults?.script ?? [])] };
  const random = createRandom(options.seed ?? 20191120);
  const nonces = new Map<string, number>();
  const completions: string[] = [];
  let completionTimer: NodeJS.Timeout | null = null;
  let eventSeq = 0;

  function pickFault(): SimFaultKind {
    const scripted = faults.script.shift();
    if (scripted) return scripted;
    const roll = random.next();
    let edge = faults.errorRate;
    if (roll < edge) return "error";
    if (roll < (edge += faults.throttleRate)) return "throttle";
    if (roll < (edge += faults.dropRate)) return random.chance(0.5) ? "drop-before" : "drop-after";
    if (roll < (edge += faults.slowRate)) return "slow";
    return "none";
  }

  function refuse(res: http.ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) {
    send(res, status, { error: { code, message } }, headers);
  }

  /** Signature and replay checks; false when refused (the answer is sent). */
  function authenticate(req: http.IncomingMessage, path: string, body: string, res: http.ServerResponse): boolean {
    if (options.broken === "accept-any-signature") return true;
    if (options.broken === "unsigned-get" && req.method === "GET") return true;
    const headers = { ...req.headers } as Record<string, string>;
    if (options.broken === "first-signature-only") headers[SIGNATURE_HEADERS.signature] = String(headers[SIGNATURE_HEADERS.signature] ?? "").split(",")[0]!;
    let clock = now().getTime();
    // The defect: a timestamp ahead of the clock is taken as "now".
    if (options.broken === "future-timestamps") clock = Math.max(clock, Number(headers[SIGNATURE_HEADERS.timestamp]) * 1000 || 0);
    const check = verifySignature({ method: req.method ?? "GET", path, body, headers }, options.secrets, { now: clock });
    if (!check.ok) {
      store.count("refused", check.reason);
      refuse(res, 401, check.reason, check.message);
      return false;
    }
    if (options.broken !== "no-replay-check") {
      const cutoff = Date.now();
      if (nonces.size > 100_000) for (const [n, expires] of nonces) if (expires < cutoff) nonces.delete(n);
      if (nonces.has(check.nonce)) {
        store.count("refused", "replayed");
        refuse(res, 401, "replayed", "This request was seen before (its nonce was used).");
        return false;
      }
      nonces.set(check.nonce, cutoff + NONCE_TTL_MS);
    }
    return true;
  }

  function applyItems(items: readonly BatchItem[]): ItemResult[] {
    const at = now();
    if (options.broken === "batch-all-or-nothing" && items.some((item) => !store.account(item.accountId))) {
      return items.map((item) => ({
        idempotencyKey: item.idempotencyKey,
        status: "failed",
        error: { code: "unknown_account", message: "The batch has an unknown account.", retryable: false },
      }));
    }
    const results = items.map((item) => store.apply(item, at));
    if (options.completeResetsAfterMs !== undefined) {
      for (const [i, item] of items.entries())
        if (item.action === "password_reset" && results[i]?.status === "applied") scheduleCompletion(item.accountId);
    }
    return results;
  }

  function scheduleCompletion(accountId: string) {
    completions.push(accountId);
    if (completionTimer) return;
    completionTimer = setTimeout(() => {
      completionTimer = null;
      const due = completions.splice(0, completions.length);
      const events: WebhookEvent[] = due
        .filter((id) => store.completeReset(id))
        .map((id) => ({ id: nextEventId(), type: "password_reset.completed", occurredAt: now().toISOString(), accountId: id }));
      for (let i = 0; i < events.length; i += MAX_WEBHOOK_EVENTS)
        void sendWebhooks(events.slice(i, i + MAX_WEBHOOK_EVENTS)).catch(() => undefined);
    }, options.completeResetsAfterMs);
    completionTimer.unref();
  }

  function nextEventId(): string {
    eventSeq += 1;
    return `evt_${process.pid}_${Date.now().toString(36)}_${eventSeq}`;
  }

  async function deliver(body: string, headers: Record<string, string>) {
    const response = await fetch(options.webhookUrl!, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    const text = await response.text();
    store.counters.webhooks.deliveries += 1;
    if (response.ok) store.counters.webhooks.accepted += 1;
    else store.counters.webhooks.refused += 1;
    return { status: response.status, body: text };
  }

  async function sendWebhooks(events: WebhookEvent[], mode: WebhookSendMode = "normal") {
    if (!options.webhookUrl) throw new Error("The simulator has no webhook URL (--webhook-url).");
    const path = new URL(options.webhookUrl).pathname;
    const deliveries = mode === "reverse" || faults.webhookReverse ? events.map((e) => [e]).reverse() : [events];
    const answers: { status: number; body: string }[] = [];
    for (const batch of deliveries) {
      if (faults.webhookDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.webhookDelayMs));
      const body = JSON.stringify({ events: batch });
      store.counters.webhooks.events += batch.length;
      const sign = (secrets: string[], at = Date.now()) => signRequest({ method: "POST", path, body }, secrets, { now: at });
      if (mode === "expired") answers.push(await deliver(body, sign(options.secrets, Date.now() - 10 * 60_000)));
      else if (mode === "bad-signature") answers.push(await deliver(body, sign(["not-the-shared-secret-0123456789"])));
      else if (mode === "replay") {
        const headers = sign(options.secrets);
        answers.push(await deliver(body, headers));
        answers.push(await deliver(body, headers));
      } else {
        answers.push(await deliver(body, sign(options.secrets)));
        if (mode === "duplicate" || random.chance(faults.webhookDuplicateRate))
          answers.push(await deliver(body, sign(options.secrets)));
      }
    }
    return answers;
  }

  async function handleContract(req: http.IncomingMessage, res: http.ServerResponse, path: string, body: string) {
    store.counters.requests += 1;
    if (!authenticate(req, path, body, res)) return;
    const fault = pickFault();
    if (fault !== "none") store.count("faults", fault);
    if (fault === "error") return refuse(res, 503, "temporarily_unavailable", "Injected fault: try again.");
    if (fault === "throttle")
      return refuse(res, 429, "rate_limited", "Injected fault: slow down.", { "retry-after": String(faults.retryAfterSeconds) });
    if (fault === "drop-before") return req.socket.destroy();
    if (fault === "slow") await new Promise((resolve) => setTimeout(resolve, faults.slowMs));
    const answer = route(req.method ?? "GET", path, body, req.headers["idempotency-key"]);
    if (fault === "drop-after") return req.socket.destroy();
    send(res, answer.status, answer.body, answer.headers);
  }

  function route(
    method: string,
    path: string,
    body: string,
    keyHeader: string | string[] | undefined,
  ): { status: number; body: unknown; headers?: Record<string, string> } {
    if (method === "POST" && path === "/v1/batch") {
      const parsed = BatchRequest.safeParse(parseJson(body));
      if (!parsed.success) return invalid(parsed.error.issues);
      return { status: 200, body: { results: applyItems(parsed.data.items) } };
    }
    const match = /^\/v1\/accounts\/([^/]+)(\/password-reset|\/withdrawal-hold|\/withdrawal-hold\/release)?$/.exec(path);
    if (!match) return { status: 404, body: { error: { code: "not_found", message: `No route ${method} ${path}.` } } };
    const accountId = decodeURIComponent(match[1]!);
    if (!match[2]) {
      if (method !== "GET") return { status: 405, body: { error: { code: "method_not_allowed", message: "Use GET." } } };
      const state = store.state(accountId, now());
      return state
        ? { status: 200, body: state }
        : { status: 404, body: { error: { code: "unknown_account", message: `No account ${accountId}.` } } };
    }
    if (method !== "POST") return { status: 405, body: { error: { code: "method_not_allowed", message: "Use POST." } } };
    const key = Array.isArray(keyHeader) ? keyHeader[0] : keyHeader;
    if (!key || key.length < 8 || key.length > 200)
      return { status: 400, body: { error: { code: "invalid_request", message: "An Idempotency-Key header (8 to 200 characters) is required." } } };
    const action: ExchangeAction =
      match[2] === "/password-reset" ? "password_reset" : match[2] === "/withdrawal-hold" ? "withdrawal_hold" : "hold_release";
    const input = HoldRequest.safeParse(body.trim() ? parseJson(body) : {});
    if (!input.success) return invalid(input.error.issues);
    const before = store.counters.duplicatesRefused;
    const item: BatchItem = { idempotencyKey: key, accountId, action, ...(action === "withdrawal_hold" ? { holdUntil: input.data.holdUntil ?? null } : {}) };
    const [result] = applyItems([item]);
    const repeated = store.counters.duplicatesRefused > before;
    // The defect: the first answer, but the effect again (under a key of its own).
    if (repeated && options.broken === "single-repeat-effects") applyItems([{ ...item, idempotencyKey: `${key}#again-${store.counters.requests}` }]);
    const replayed = repeated && options.broken !== "no-replayed-header" ? { "idempotent-replayed": "true" } : undefined;
    if (result!.status === "applied") return { status: 200, body: result, headers: replayed };
    return { status: ITEM_ERROR_CODES[result!.error.code].status, body: { error: result!.error }, headers: replayed };
  }

  async function handleAdmin(req: http.IncomingMessage, res: http.ServerResponse, path: string, body: string) {
    const input = (body.trim() ? parseJson(body) : {}) as Record<string, unknown>;
    if (req.method === "GET" && path === "/_sim/counters") return send(res, 200, counters());
    if (req.method === "PUT" && path === "/_sim/faults") {
      Object.assign(faults, input);
      return send(res, 200, faults);
    }
    if (req.method === "POST" && path === "/_sim/accounts") {
      store.addAccounts((input.open as string[]) ?? [], (input.closed as string[]) ?? []);
      return send(res, 200, { ok: true });
    }
    const account = /^\/_sim\/accounts\/([^/]+)$/.exec(path);
    if (req.method === "GET" && account) {
      const id = decodeURIComponent(account[1]!);
      return send(res, 200, { state: store.state(id, now()), applied: store.appliedCounts(id) });
    }
    if (req.method === "POST" && path === "/_sim/webhooks") {
      const events = ((input.events as WebhookEvent[]) ?? []).map((e) => ({ ...e, id: e.id ?? nextEventId() }));
      try {
        return send(res, 200, { deliveries: await sendWebhooks(events, (input.mode as WebhookSendMode) ?? "normal") });
      } catch (error) {
        return send(res, 502, { error: { code: "delivery_failed", message: (error as Error).message } });
      }
    }
    if (req.method === "POST" && path === "/_sim/complete-resets") {
      const ids = ((input.accountIds as string[]) ?? []).filter((id) => store.completeReset(id));
      const events: WebhookEvent[] = ids.map((id) => ({
        id: nextEventId(),
        type: "password_reset.completed",
        occurredAt: now().toISOString(),
        accountId: id,
      }));
      return send(res, 200, { completed: ids, deliveries: events.length ? await sendWebhooks(events) : [] });
    }
    return send(res, 404, { error: { code: "not_found", message: `No route ${req.method} ${path}.` } });
  }

  function counters() {
    return { ...structuredClone(store.counters), maxAppliedPerAccount: store.maxAppliedPerAccount() };
  }

  const maxBody = options.broken === "no-body-limit" ? Number.POSITIVE_INFINITY : MAX_BODY_BYTES;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // An oversized body is read to its end and dropped, so that the sender
    // hears the 413 instead of a connection reset in the middle of its upload.
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBody) chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > maxBody) return refuse(res, 413, "payload_too_large", `Bodies are limited to ${MAX_BODY_BYTES} bytes.`);
      const url = new URL(req.url ?? "/", "http://sim.invalid");
      const path = url.pathname + url.search;
      const body = Buffer.concat(chunks).toString("utf8");
      const handler = url.pathname.startsWith("/_sim/") ? handleAdmin : handleContract;
      handler(req, res, url.pathname.startsWith("/_sim/") ? url.pathname : path, body).catch((error: Error) => {
        if (!res.headersSent) refuse(res, 500, "internal_error", error.message);
      });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== "0.0.0.0" ? options.host : "127.0.0.1";
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    store,
    counters,
    setFaults: (next) => Object.assign(faults, next),
    sendWebhooks,
    close: () =>
      new Promise<void>((resolve) => {
        if (completionTimer) clearTimeout(completionTimer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function invalid(issues: readonly { path: PropertyKey[]; message: string }[]) {
  const first = issues[0];
  const field = first?.path.map(String).join(".") || "body";
  return {
    status: 400,
    body: { error: { code: "invalid_request", message: `${field}: ${first?.message ?? "invalid JSON"}` } },
  };
}
