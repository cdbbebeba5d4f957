import "server-only";
import { WebhookDelivery, type WebhookEvent } from "../../lib/exchange/contract";
import { readSignatureHeaders, verifySignature } from "../../lib/exchange/signing";
import { addressBlock } from "../../lib/net/address-block";
import { ACCOUNT_AUDIT_TARGET } from "../accounts/list-account-audit";
import { appendAuditEntries, type AuditEntry } from "../audit/record-audit";
import type { Db } from "../db";
import type { SqlQueryable } from "../db/driver";
import { env } from "../env";
import { takeRate } from "../http/take-rate";
import { addActiveHolds, holdsEnded, rebuildTriageWhereExposed } from "../incidents/refresh-incident-stats";

export type WebhookRequest = {
  method: string;
  /** The path as requested, with its query: part of what is signed. */
  path: string;
  headers: Headers;
  body: string;
  remoteIp: string | null;
  now?: Date;
};

export type WebhookReply = { status: number; body: unknown; headers?: Record<string, string> };

const refusal = (status: number, code: string, message: string): WebhookReply => ({
  status,
  body: { error: { code, message } },
});

/**
 * A delivery of events from the exchange (docs/provider-api.md, "Webhooks"):
 * signed like Breachdesk's own calls and verified against the active secrets,
 * refused when its timestamp is out of the window or its nonce was seen
 * before (a replay), deduplicated by event id (a redelivery is answered 200
 * and changes nothing), and applied in one transaction with the nonce, so a
 * delivery is either wholly recorded or not at all.
 *
 * The route needs no account, so what a request may write is bounded: each
 * source address (an IPv6 one by its /64) has a rate limit shared by every
 * process (429 past it, before anything else is written), and a request
 * without a plausible signature (the three signature headers present and
 * well-formed) is only counted, per source, reason and hour. A plausibly signed refusal (bad signature, timestamp out
 * of the window, replay, bad body) is recorded one row each with why, for the
 * admins' Exchange page: that is the exchange misconfigured, or someone
 * trying harder than a scanner.
 */
export async function receiveExchangeWebhook(db: Db, request: WebhookRequest): Promise<WebhookReply> {
  const config = env();
  const secrets = config.BREACHDESK_EXCHANGE_SECRETS;
  const now = request.now ?? new Date();
  const wait = await takeRate(db, `webhook:${addressBlock(request.remoteIp ?? "")}`, {
    perSecond: config.BREACHDESK_WEBHOOK_RATE_PER_SECOND,
    capacity: config.BREACHDESK_WEBHOOK_RATE_BURST,
  });
  if (wait !== null)
    return { ...refusal(429, "rate_limited", `Too many requests from this address; retry in ${wait} s.`), headers: { "Retry-After": String(wait) } };
  const shape = readSignatureHeaders(request.headers);
  if (!shape.ok) return countUnsigned(db, request, refusal(401, shape.reason, shape.message));
  if (secrets.length === 0) {
    return refuse(db, request, refusal(503, "not_configured", "Exchange webhooks are not configured (BREACHDESK_EXCHANGE_SECRETS)."));
  }
  const check = verifySignature(
    { method: request.method, path: request.path, body: request.body, headers: request.headers },
    secrets,
    { now: now.getTime() },
  );
  if (!check.ok) return refuse(db, request, refusal(401, check.reason, check.message));
  let json: unknown;
  try {
    json = JSON.parse(request.body);
  } catch {
    return refuse(db, request, refusal(400, "invalid_request", "The body is not JSON."));
  }
  const parsed = WebhookDelivery.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join(".") || "body";
    return refuse(db, request, refusal(400, "invalid_request", `${field}: ${issue?.message ?? "invalid"}`));
  }
  const outcome = await db.sql.transaction(async (tx) => {
    const fresh = await tx.query(
      `INSERT INTO exchange_webhook_nonces (nonce, seen_at) VALUES ($1, $2::timestamptz) ON CONFLICT DO NOTHING RETURNING nonce`,
      [check.nonce, now.toISOString()],
    );
    if (fresh.length === 0) return null;
    const result = await applyEvents(tx, parsed.data.events, now);
    await tx.run(
      `INSERT INTO exchange_webhook_deliveries (id, received_at, accepted, http_status, events, duplicates, applied, remote_ip)
       VALUES (gen_random_uuid(), $1::timestamptz, true, 200, $2, $3, $4, $5)`,
      [now.toISOString(), parsed.data.events.length, result.duplicates, result.applied, request.remoteIp],
    );
    await appendAuditEntries(tx, result.audit);
    return result;
  });
  if (!outcome) return refuse(db, request, refusal(401, "replayed", "This delivery was received before (its nonce was used)."));
  return { status: 200, body: { received: parsed.data.events.length, duplicates: outcome.duplicates, applied: outcome.applied } };
}

const HOUR_MS = 3_600_000;

/** One more unsigned refusal from this source (an IPv6 one by its /64), reason and hour. */
async function countUnsigned(db: Db, request: WebhookRequest, reply: WebhookReply): Promise<WebhookReply> {
  const code = (reply.body as { error: { code: string } }).error.code;
  const at = request.now ?? new Date();
  await db.sql.query(
    `INSERT INTO exchange_webhook_refusal_counts (remote_ip, reason, hour, count, last_at)
     VALUES ($1, $2, $3::timestamptz, 1, $4::timestamptz)
     ON CONFLICT (remote_ip, reason, hour)
     DO UPDATE SET count = exchange_webhook_refusal_counts.count + 1,
                   last_at = greatest(exchange_webhook_refusal_counts.last_at, EXCLUDED.last_at)`,
    [addressBlock(request.remoteIp ?? ""), code, new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS).toISOString(), at.toISOString()],
  );
  return reply;
}

async function refuse(db: Db, request: WebhookRequest, reply: WebhookReply): Promise<WebhookReply> {
  const reason = (reply.body as { error: { code: string; message: string } }).error;
  await db.sql.query(
    `INSERT INTO exchange_webhook_deliveries (id, received_at, accepted, http_status, reason, remote_ip)
     VALUES (gen_random_uuid(), $1::timestamptz, false, $2, $3, $4)`,
    [(request.now ?? new Date()).toISOString(), reply.status, `${reason.code}: ${reason.message}`.slice(0, 500), request.remoteIp],
  );
  return reply;
}

type Applied = { duplicates: number; applied: number; audit: AuditEntry[] };

async function applyEvents(tx: SqlQueryable, events: readonly WebhookEvent[], now: Date): Promise<Applied> {
  // Each event once, whatever the delivery: the first of a repeated id in this
  // delivery, and none that an earlier delivery brought.
  const unique = [...new Map(events.map((e) => [e.id, e])).values()];
  const inserted = await tx.query<{ event_id: string; account_id: number | null }>(
    `INSERT INTO exchange_webhook_events (event_id, type, account_external_id, account_id, occurred_at, received_at, outcome)
     SELECT e.id, e.type, e.account, c.id, e.at, $5::timestamptz, 'pending'
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]::timestamptz[]) AS e(id, type, account, at)
       LEFT JOIN customer_accounts c ON c.external_id = e.account
     ON CONFLICT (event_id) DO NOTHING
     RETURNING event_id, account_id`,
    [unique.map((e) => e.id), unique.map((e) => e.type), unique.map((e) => e.accountId), unique.map((e) => e.occurredAt), now.toISOString()],
  );
  const accountOf = new Map(inserted.map((row) => [row.event_id, row.account_id === null ? null : Number(row.account_id)]));
  const fresh = unique.filter((e) => accountOf.has(e.id));
  const known = fresh.filter((e) => accountOf.get(e.id) !== null);
  const outcomes = new Map<string, string>(fresh.map((e) => [e.id, accountOf.get(e.id) === null ? "unknown_account" : "no_change"]));
  const audit: AuditEntry[] = [];
  const of = (type: WebhookEvent["type"]) => known.filter((e) => e.type === type);

  // The customer set a new password: every exposure of the account whose reset
  // was forced (or is being forced: the webhook can overtake our own commit).
  const completions = of("password_reset.completed");
  if (completions.length) {
    const done = await tx.query<{ incident_id: string; account_id: number; event_id: string; at: Date | string }>(
      `WITH input AS (SELECT * FROM unnest($1::text[], $2::int[], $3::text[]::timestamptz[]) AS e(event_id, account_id, at))
       UPDATE account_remediation ar SET reset_status = 'completed', reset_completed_at = i.at, updated_at = $4::timestamptz
         FROM input i
        WHERE ar.account_id = i.account_id AND ar.reset_status IN ('sent', 'requested')
       RETURNING ar.incident_id::text AS incident_id, ar.account_id, i.event_id, i.at`,
      [completions.map((e) => e.id), completions.map((e) => accountOf.get(e.id)!), completions.map((e) => e.occurredAt), now.toISOString()],
    );
    // Not applied: the account's reset was already completed (no change), or
    // no reset was recorded yet. The latter is kept as no_reset and applied
    // when the reset is recorded (apply-late-webhook-events.ts).
    const completed = await tx.query<{ account_id: number }>(
      `SELECT DISTINCT account_id FROM account_remediation WHERE account_id = ANY($1::int[]) AND reset_status = 'completed'`,
      [completions.map((e) => accountOf.get(e.id)!)],
    );
    const alreadyDone = new Set(completed.map((row) => Number(row.account_id)));
    for (const e of completions) if (!alreadyDone.has(accountOf.get(e.id)!)) outcomes.set(e.id, "no_reset");
    for (const row of done) {
      outcomes.set(row.event_id, "applied");
      audit.push({
        actor: null,
        at: now,
        action: "remediation.password_reset_completed",
        incidentId: row.incident_id,
        targetType: ACCOUNT_AUDIT_TARGET,
        targetId: String(row.account_id),
        detail: { reportedBy: "exchange", eventId: row.event_id, completedAt: new Date(row.at).toISOString() },
      });
    }
  }

  // Applied to the incidents' summaries last, after the security events' triage rebuild: an import locks the incident
  // first and its summary after, so this transaction must not hold a summary while it waits for that lock.
  const endedHolds = new Map<string, number>();
  // A hold released or ended on the exchange's side: only the hold that was
  // active when it happened (an older event never ends a newer hold). Both
  // times are the exchange's: the event's occurredAt against the appliedAt it
  // answered for the placement (Breachdesk's own record can trail it by
  // minutes after a timeout or retries).
  for (const [type, status] of [
    ["withdrawal_hold.released", "released"],
    ["withdrawal_hold.ended", "expired"],
  ] as const) {
    const list = of(type);
    if (!list.length) continue;
    const ended = await tx.query<{ incident_id: string; account_id: number; event_id: string; hold_id: string }>(
      `WITH input AS (SELECT * FROM unnest($1::text[], $2::int[], $3::text[]::timestamptz[]) AS e(event_id, account_id, at)),
       held AS (
         UPDATE withdrawal_holds w
            SET status = $4::"HoldState", ended_at = i.at, exchange_ended_at = i.at,
                release_code = CASE WHEN $4 = 'released' THEN 'other'::"HoldReleaseCode" END,
                release_note = CASE WHEN $4 = 'released' THEN 'Released on the exchange''s side (event ' || i.event_id || ')' END
           FROM input i, account_remediation ar
          WHERE ar.account_id = i.account_id AND ar.hold_status = 'active' AND w.id = ar.hold_id
            AND w.status = 'active' AND coalesce(w.exchange_placed_at, w.placed_at) <= i.at
         RETURNING w.id, w.incident_id, w.account_id, i.event_id, i.at
       )
       UPDATE account_remediation ar SET hold_status = $4::"HoldState", hold_changed_at = h.at, updated_at = $5::timestamptz
         FROM held h WHERE ar.incident_id = h.incident_id AND ar.account_id = h.account_id AND ar.hold_id = h.id
       RETURNING ar.incident_id::text AS incident_id, ar.account_id, h.event_id, h.id::text AS hold_id`,
      [list.map((e) => e.id), list.map((e) => accountOf.get(e.id)!), list.map((e) => e.occurredAt), status, now.toISOString()],
    );
    // Not applied: no change when a hold of the account is active (placed
    // after the event: an older event) or had ended by then (Breachdesk
    // released it, or its expiry was recorded; five minutes of leeway for
    // two clocks). Otherwise no hold was placed before it as far as Breachdesk
    // knows: no_hold, an anomaly the Exchange page lists, applied if the hold
    // it follows is recorded later (apply-late-webhook-events.ts).
    for (const [incident, delta] of holdsEnded(ended)) endedHolds.set(incident, (endedHolds.get(incident) ?? 0) + delta);
    const appliedIds = new Set(ended.map((row) => row.event_id));
    const rest = list.filter((e) => !appliedIds.has(e.id));
    const covered = rest.length
      ? await tx.query<{ event_id: string }>(
          `SELECT i.event_id FROM unnest($1::text[], $2::int[], $3::text[]::timestamptz[]) AS i(event_id, account_id, at)
            WHERE EXISTS (SELECT 1 FROM withdrawal_holds w
                           WHERE w.account_id = i.account_id
                             AND (w.status = 'active'
                                  OR (coalesce(w.exchange_placed_at, w.placed_at) <= i.at
                                      AND i.at <= greatest(w.ended_at, w.exchange_ended_at, w.expires_at) + interval '5 minutes')))`,
          [rest.map((e) => e.id), rest.map((e) => accountOf.get(e.id)!), rest.map((e) => e.occurredAt)],
        )
      : [];
    const coveredIds = new Set(covered.map((row) => row.event_id));
    for (const e of rest) if (!coveredIds.has(e.id)) outcomes.set(e.id, "no_hold");
    for (const row of ended) {
      outcomes.set(row.event_id, "applied");
      audit.push({
        actor: null,
        at: now,
        action: status === "released" ? "remediation.withdrawal_hold_released_by_exchange" : "remediation.withdrawal_hold_ended_by_exchange",
        incidentId: row.incident_id,
        targetType: ACCOUNT_AUDIT_TARGET,
        targetId: String(row.account_id),
        detail: { holdId: row.hold_id, eventId: row.event_id },
      });
    }
  }

  // Security events join the account's record (tied to the latest incident
  // that exposed it), and every incident exposing it re-ranks it.
  const security = known.filter((e): e is Extract<WebhookEvent, { type: "security_event" }> => e.type === "security_event");
  if (security.length) {
    const stored = await tx.query<{ account_id: number; kind: string; occurred_at: Date | string }>(
      `INSERT INTO security_events (incident_id, account_id, kind, occurred_at, ip, detail)
       SELECT (SELECT t.incident_id FROM triage_entries t JOIN incidents i ON i.id = t.incident_id
                WHERE t.account_id = e.account_id ORDER BY i.aware_at DESC LIMIT 1),
              e.account_id, e.kind::"SecurityEventKind", e.at, e.ip, e.detail
         FROM unnest($1::int[], $2::text[], $3::text[]::timestamptz[], $4::text[], $5::text[]) AS e(account_id, kind, at, ip, detail)
       ON CONFLICT (account_id, kind, occurred_at) DO NOTHING
       RETURNING account_id, kind::text AS kind, occurred_at`,
      [
        security.map((e) => accountOf.get(e.id)!),
        security.map((e) => e.data.kind),
        security.map((e) => e.occurredAt),
        security.map((e) => e.data.ip ?? null),
        security.map((e) => e.data.detail ?? "reported by the exchange"),
      ],
    );
    const storedKeys = new Set(stored.map((s) => `${s.account_id}|${s.kind}|${new Date(s.occurred_at).getTime()}`));
    for (const e of security)
      if (storedKeys.has(`${accountOf.get(e.id)}|${e.data.kind}|${Date.parse(e.occurredAt)}`)) outcomes.set(e.id, "applied");
    const accounts = [...new Set(stored.map((s) => Number(s.account_id)))];
    if (accounts.length) {
      await tx.run(`CREATE TEMP TABLE IF NOT EXISTS webhook_accounts (account_id int) ON COMMIT DELETE ROWS`);
      await tx.run(`INSERT INTO webhook_accounts SELECT unnest($1::int[])`, [accounts]);
      const incidents = await rebuildTriageWhereExposed(tx, {
        kind: "accounts",
        table: "webhook_accounts",
        column: "account_id",
      });
      for (const row of stored)
        audit.push({
          actor: null,
          at: now,
          action: "exchange.security_event",
          incidentId: incidents.length === 1 ? incidents[0]! : null,
          targetType: ACCOUNT_AUDIT_TARGET,
          targetId: String(row.account_id),
          detail: { kind: row.kind, occurredAt: new Date(row.occurred_at).toISOString() },
        });
    }
  }

  await addActiveHolds(tx, endedHolds);
  if (fresh.length) {
    await tx.run(
      `UPDATE exchange_webhook_events e SET outcome = u.outcome
         FROM unnest($1::text[], $2::text[]) AS u(event_id, outcome) WHERE e.event_id = u.event_id`,
      [[...outcomes.keys()], [...outcomes.values()]],
    );
  }
  return {
    duplicates: events.length - fresh.length,
    applied: [...outcomes.values()].filter((o) => o === "applied").length,
    audit,
  };
}
