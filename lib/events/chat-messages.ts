import { EVENT_LABELS, type EventEnvelope } from "./event-types";

/** What a person reads of an event: a title, a line or two, and the link to act on. */
export type EventSummary = { title: string; text: string; link: { label: string; url: string } | null };

type Data = Record<string, unknown> & {
  incident?: { name: string };
  request?: { kind: string; action: string; total: number; url: string };
};

function requestWords(data: Data): string {
  const r = data.request;
  if (!r) return "";
  return r.kind === "bulk_action" ? `bulk ${r.action.replace(/_/g, " ")} of ${r.total} accounts` : `notice campaign to ${r.total} customers`;
}

/** The human summary of an event, shared by Slack, Teams and e-mail. */
export function summarizeEvent(event: EventEnvelope): EventSummary {
  const data = event.data as Data;
  const where = data.incident ? ` (${data.incident.name})` : "";
  const title = `${EVENT_LABELS[event.type]}${where}`;
  const open = (url: unknown, label = "Open in Breachdesk") => (typeof url === "string" ? { label, url } : null);
  switch (event.type) {
    case "approval.requested":
      return {
        title,
        text: `A ${requestWords(data)} waits for a second person's approval${data.note ? `: ${String(data.note)}` : "."}`,
        link: open(data.approveUrl, "Approve"),
      };
    case "approval.approved":
    case "approval.rejected":
    case "approval.expired":
      return { title, text: `The ${requestWords(data)}.`, link: open(data.request?.url) };
    case "request.finished":
      return { title, text: `The ${requestWords(data)} ended ${String(data.status)}: ${JSON.stringify(data.counts)}.`, link: open(data.request?.url) };
    case "bulk_action.paused":
      return { title, text: String(data.reason), link: open(data.request?.url) };
    case "timeline.milestone":
      return { title, text: String(data.title), link: open(data.url) };
    case "obligation.due_soon":
    case "obligation.overdue": {
      const o = data.obligation as { title: string; dueAt: string };
      return { title, text: `${o.title}: due ${o.dueAt}.`, link: open(data.url) };
    }
    case "import.finished":
      return { title, text: `${String(data.imported)} of ${String(data.rows)} rows imported.`, link: null };
    case "import.failed":
      return { title, text: String(data.error), link: null };
    case "exchange.signature_refused":
      return { title, text: `The exchange answered ${String(data.status)}: ${String(data.detail)}`, link: null };
    case "destination.test":
      return { title, text: String(data.message), link: null };
  }
}

/** A Slack incoming-webhook message: fallback text, and blocks with a button for the link. */
export function slackMessage(event: EventEnvelope) {
  const s = summarizeEvent(event);
  const blocks: unknown[] = [{ type: "section", text: { type: "mrkdwn", text: `*${s.title}*\n${s.text}` } }];
  if (s.link) {
    blocks.push({
      type: "actions",
      elements: [
        {
          type: "button",
          text: { type: "plain_text", text: s.link.label },
          url: s.link.url,
          ...(s.link.label === "Approve" ? { style: "primary" } : {}),
          action_id: event.type,
        },
      ],
    });
  }
  return { text: `${s.title}: ${s.text}`, blocks };
}

/** A Microsoft Teams incoming-webhook (Workflows) message: one Adaptive Card with the link as an action. */
export function teamsMessage(event: EventEnvelope) {
  const s = summarizeEvent(event);
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", text: s.title, weight: "Bolder", size: "Medium", wrap: true },
            { type: "TextBlock", text: s.text, wrap: true },
          ],
          actions: s.link ? [{ type: "Action.OpenUrl", title: s.link.label, url: s.link.url }] : [],
        },
      },
    ],
  };
}
