import { describe, expect, it } from "vitest";
import { z } from "zod";
import { slackMessage, summarizeEvent, teamsMessage } from "./chat-messages";
import { EVENT_LABELS, EVENT_SCHEMAS, EVENT_TYPES, eventEnvelopeSchema, withoutEmailAddresses, type EventEnvelope } from "./event-types";

const incident = { id: "7f0c6a52-2b1b-4c55-9d4e-1b2b3c4d5e6f", slug: "inc-1", name: "Incident 1" };
const request = { kind: "bulk_action" as const, id: "0b5d8a1e-5b7a-4f5e-8c2d-9a8b7c6d5e4f", action: "withdrawal_hold", total: 120, url: "https://bd.example/x" };

describe("outgoing event schemas", () => {
  it("name no field that could hold an e-mail address", () => {
    for (const type of EVENT_TYPES) {
      const json = JSON.stringify(z.toJSONSchema(eventEnvelopeSchema(type)));
      expect(json, type).not.toMatch(/"(e-?mail|recipient|address)"/i);
    }
  });

  it("each have a label and a summary", () => {
    expect(Object.keys(EVENT_LABELS).sort()).toEqual([...EVENT_TYPES].sort());
    expect(Object.keys(EVENT_SCHEMAS)).toHaveLength(EVENT_TYPES.length);
  });

  it("scrub addresses out of every string, however deep", () => {
    const scrubbed = withoutEmailAddresses({ note: "ask Jane.Doe+x@mail.example.co.uk now", list: ["a@b.io"], n: 3, none: null });
    expect(scrubbed).toEqual({ note: "ask [address removed] now", list: ["[address removed]"], n: 3, none: null });
    expect(withoutEmailAddresses("https://bd.example/incidents/x")).toBe("https://bd.example/incidents/x");
  });
});

describe("chat messages", () => {
  const event: EventEnvelope = {
    id: "d6f1f0a4-8a7e-4d7b-9a51-2f6c1e0b9a11",
    type: "approval.requested",
    timestamp: "2026-12-05T23:00:00.000Z",
    data: { incident, request, requestedBy: null, note: "Exposed", expiresAt: null, approveUrl: request.url },
  };

  it("Slack: fallback text and an Approve button to the request's page", () => {
    const message = slackMessage(event);
    expect(message.text).toMatch(/^Approval requested \(Incident 1\): A bulk withdrawal hold of 120 accounts/);
    expect(message.blocks[1]).toMatchObject({ type: "actions", elements: [{ type: "button", text: { text: "Approve" }, url: request.url, style: "primary" }] });
  });

  it("Teams: an Adaptive Card with the link as an OpenUrl action", () => {
    const card = teamsMessage(event).attachments[0]!;
    expect(card.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(card.content.actions).toEqual([{ type: "Action.OpenUrl", title: "Approve", url: request.url }]);
  });

  it("summarise every event type without throwing", () => {
    expect(summarizeEvent({ ...event, type: "exchange.signature_refused", data: { status: 401, detail: "bad_signature" } }).text).toMatch(/401/);
  });
});
