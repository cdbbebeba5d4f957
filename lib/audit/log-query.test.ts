import { describe, expect, it } from "vitest";
import { AuditLogFilterQuery, AuditLogPageQuery, auditLogQueryErrors, auditLogSearchParams } from "./log-query";

describe("the audit log's filter query", () => {
  it("reads times as UTC unless an offset is given, and a `to` date as the whole day", () => {
    const filter = AuditLogFilterQuery.parse({
      from: "2019-11-07T09:30",
      to: "2019-11-08",
      actor: " Ana@Breachdesk.TEST ",
    });
    expect(filter.from?.toISOString()).toBe("2019-11-07T09:30:00.000Z");
    expect(filter.to?.toISOString()).toBe("2019-11-09T00:00:00.000Z");
    expect(filter.actor).toBe("ana@breachdesk.test");
    expect(AuditLogFilterQuery.parse({ from: "2019-11-07T10:30:00+01:00" }).from?.toISOString()).toBe(
      "2019-11-07T09:30:00.000Z",
    );
    expect(AuditLogFilterQuery.parse({ from: "2019-11-07" }).from?.toISOString()).toBe("2019-11-07T00:00:00.000Z");
  });

  it("names each field it cannot read", () => {
    const parsed = AuditLogPageQuery.safeParse({ from: "2019-02-30", to: "soon", action: ["Bad Name"], after: "-3" });
    expect(parsed.success).toBe(false);
    expect(Object.keys(auditLogQueryErrors(parsed.error!)).sort()).toEqual(["action", "after", "from", "to"]);
  });

  it("carries the filter, and only the filter, into links", () => {
    const params = auditLogSearchParams({ actor: "", action: ["a.b", "c.d"], target: "EX-1", after: "40", other: "x" });
    expect(params.toString()).toBe("action=a.b&action=c.d&target=EX-1");
  });
});
