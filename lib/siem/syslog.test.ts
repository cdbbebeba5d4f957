import { describe, expect, it } from "vitest";
import type { ForwardedEntry } from "./forwarded-entry";
import { elasticBulkBody, elasticBulkFailure, hecBody } from "./collector-bodies";
import { addForwardedLine, emptyChainCopies } from "./chain-copies";
import { parseForwardedLine } from "./parse-forwarded";
import { octetCounted, parseSdParams, syslogMessage } from "./syslog";

const entry: ForwardedEntry = {
  id: 42,
  at: "2026-12-05T23:00:00.123Z",
  actorId: null,
  actorEmail: 'eve"]\\@example.com',
  action: "bulk action.requested with a very long name beyond thirty-two",
  incidentId: null,
  targetType: "bulk_action",
  targetId: "b1",
  detail: { note: "two\nlines", ünï: "ç" },
  ip: null,
  prevHash: "a".repeat(64),
  hash: "b".repeat(64),
  keyed: true,
};

describe("syslog messages", () => {
  it("are RFC 5424: PRI, version, time, host, APP-NAME, MSGID (the action, printable, at most 32), the chain in STRUCTURED-DATA, the entry as one-line JSON", () => {
    const message = syslogMessage(entry, "host name");
    expect(
      message.startsWith(
        `<110>1 2026-12-05T23:00:00.123Z host_name breachdesk - bulk_action.requested_with_a_ver [breachdesk@32473 id="42" hash="${"b".repeat(64)}"`,
      ),
    ).toBe(true);
    expect(message).not.toContain("\n");
    expect(JSON.parse(message.slice(message.indexOf("] {") + 2))).toEqual(entry);
  });

  it("escape quotes, backslashes and closing brackets in parameter values, and read them back", () => {
    const params = parseSdParams(syslogMessage(entry, "h"));
    expect(params).toEqual({
      id: "42",
      hash: entry.hash,
      prev: entry.prevHash,
      actor: entry.actorEmail,
      target: "bulk_action:b1",
    });
  });

  it("are framed by their length in bytes, not characters (RFC 6587 octet counting)", () => {
    const framed = octetCounted("ünï");
    expect(framed.toString("utf8")).toBe("5 ünï");
  });
});

describe("forwarded lines", () => {
  it("read the chain from a syslog line, a HEC event, an Elastic document, and skip _bulk action lines", () => {
    const want = { id: 42, hash: entry.hash, prevHash: entry.prevHash };
    expect(parseForwardedLine(syslogMessage(entry, "h"))).toEqual(want);
    expect(parseForwardedLine(`Dec  5 23:00:00 host ${syslogMessage(entry, "h")}`)).toEqual(want);
    expect(parseForwardedLine(hecBody([entry], "h"))).toEqual(want);
    const [action, doc] = elasticBulkBody([entry]).split("\n");
    expect(parseForwardedLine(action!)).toBeNull();
    expect(parseForwardedLine(doc!)).toEqual(want);
    expect(parseForwardedLine(JSON.stringify({ _source: JSON.parse(doc!) }))).toEqual(want);
    expect(parseForwardedLine("not an entry")).toBeNull();
  });

  it("count an identical repeat as a duplicate, and name the first id whose copies differ", () => {
    const copies = emptyChainCopies();
    const line = (id: number, hash: string) => syslogMessage({ ...entry, id, hash }, "h");
    for (const l of [line(1, "x"), line(2, "y"), line(2, "y"), line(3, "z"), line(3, "w"), "", "noise"])
      addForwardedLine(copies, l);
    expect(copies).toMatchObject({ lines: 6, duplicates: 2, unrecognised: 1, conflictingId: 3 });
    expect(copies.byId.size).toBe(3);
  });
});

describe("Elastic _bulk answers", () => {
  it("accept created items and version conflicts (already stored), refuse anything else, and a short answer", () => {
    const ok = { errors: true, items: [{ create: { status: 201 } }, { create: { status: 409 } }] };
    expect(elasticBulkFailure(ok, 2)).toBeNull();
    const refused = {
      errors: true,
      items: [
        { create: { status: 201 } },
        { create: { status: 400, error: { type: "mapper_parsing_exception", reason: "bad" } } },
      ],
    };
    expect(elasticBulkFailure(refused, 2)).toBe("item 1: 400 mapper_parsing_exception bad");
    expect(elasticBulkFailure({ errors: false, items: [] }, 2)).toMatch(/0 items for 2/);
    expect(elasticBulkFailure("nonsense", 1)).toMatch(/no items/);
  });
});
