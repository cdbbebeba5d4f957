import { slackMessage, summarizeEvent, teamsMessage } from "../../../lib/events/chat-messages";
import type { EventEnvelope } from "../../../lib/events/event-types";
import { standardWebhookHeaders } from "../../../lib/events/standard-webhooks";
import { parseRetryAfter } from "../../../lib/retry/backoff";
import type { SqlQueryable } from "../../db/driver";
import { resolveOutboundTarget } from "../outbound-target";
import type { DeliveryConfig } from "./delivery-config";
import type { LoadedDelivery } from "./sql/load-deliveries";
import { approverEmails } from "./sql/approver-emails";
import type { StaffMailer } from "../staff-mailer";
import { postJson } from "./post-json";

/** What one attempt came to. */
export type Attempt =
  | { ok: true; responseCode: number | null }
  | { ok: false; responseCode: number | null; error: string; retryAfterSeconds: number | null };

function envelopeOf(delivery: LoadedDelivery): EventEnvelope {
  const p = delivery.payload;
  return { id: delivery.event_id, type: p.type as EventEnvelope["type"], timestamp: p.timestamp, data: p.data };
}

/** The secrets a webhook is signed with now: the current one, and the previous one during its grace period. */
function signingSecrets(d: LoadedDelivery["destination"], now: Date): string[] {
  const secrets = d.secret ? [d.secret] : [];
  if (d.previous_secret && d.previous_secret_until && new Date(d.previous_secret_until) > now) secrets.push(d.previous_secret);
  return secrets;
}

/** The request body and headers of a delivery, in the destination's format. */
function requestFor(delivery: LoadedDelivery, now: Date): { body: string; headers: Record<string, string> } {
  const event = envelopeOf(delivery);
  const d = delivery.destination;
  if (d.kind === "slack") return { body: JSON.stringify(slackMessage(event)), headers: { "webhook-id": event.id } };
  if (d.kind === "teams") return { body: JSON.stringify(teamsMessage(event)), headers: { "webhook-id": event.id } };
  const body = JSON.stringify(event);
  return { body, headers: standardWebhookHeaders(signingSecrets(d, now), { id: event.id, timestampSeconds: Math.floor(now.getTime() / 1000), body }) };
}

/** One HTTP attempt: the address checked again (DNS rebinding) and pinned, then the POST. */
async function postAttempt(delivery: LoadedDelivery, config: DeliveryConfig, now: Date): Promise<Attempt> {
  const { body, headers } = requestFor(delivery, now);
  try {
    const target = await resolveOutboundTarget(delivery.destination.url ?? "", config.allowHosts);
    const answer = await postJson(target, body, headers, config.timeoutMs);
    if (answer.status >= 200 && answer.status < 300) return { ok: true, responseCode: answer.status };
    const retryAfterMs = parseRetryAfter(answer.retryAfter, now.getTime());
    return {
      ok: false,
      responseCode: answer.status,
      error: `HTTP ${answer.status}${answer.body ? `: ${answer.body.slice(0, 300)}` : ""}`,
      retryAfterSeconds: retryAfterMs === null ? null : retryAfterMs / 1000,
    };
  } catch (error) {
    return { ok: false, responseCode: null, error: error instanceof Error ? error.message : String(error), retryAfterSeconds: null };
  }
}

/** E-mail to the staff who can approve, one message each. */
async function mailAttempt(sql: SqlQueryable, delivery: LoadedDelivery, mailer: StaffMailer | null): Promise<Attempt> {
  if (!mailer) return { ok: false, responseCode: null, error: "No mailer in this process.", retryAfterSeconds: null };
  const event = envelopeOf(delivery);
  const s = summarizeEvent(event);
  const to = await approverEmails(sql);
  const text = [s.text, s.link ? `${s.link.label}: ${s.link.url}` : "", `Event ${event.id} (${event.type}).`].filter(Boolean).join("\n\n");
  for (const address of to) {
    const sent = await mailer.send({ to: address, subject: `[Breachdesk] ${s.title}`, text, incidentId: delivery.incident_id });
    if (!sent.ok) return { ok: false, responseCode: null, error: `${address.replace(/^[^@]*/, "…")}: ${sent.response}`, retryAfterSeconds: null };
  }
  return { ok: true, responseCode: null };
}

export function attemptDelivery(
  sql: SqlQueryable,
  delivery: LoadedDelivery,
  config: DeliveryConfig,
  mailer: StaffMailer | null,
  now: Date = new Date(),
): Promise<Attempt> {
  return delivery.destination.kind === "email" ? mailAttempt(sql, delivery, mailer) : postAttempt(delivery, config, now);
}
