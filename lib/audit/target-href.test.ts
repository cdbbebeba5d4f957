import { describe, expect, it } from "vitest";
import { auditTargetHref } from "./target-href";

describe("auditTargetHref", () => {
  it("links a target to its page in its incident", () => {
    expect(auditTargetHref({ type: "customer_account", id: "17", label: "EX-0000017" }, "2019-11 leak")).toBe(
      "/incidents/2019-11%20leak/accounts/17",
    );
    expect(auditTargetHref({ type: "bulk_action", id: "b1", label: "b1" }, "s")).toBe("/incidents/s/bulk-actions/b1");
    expect(auditTargetHref({ type: "incident", id: "uuid", label: "s" }, null)).toBe("/incidents/s");
    expect(auditTargetHref({ type: "staff_user", id: "u", label: "a@b.test" }, null)).toBe("/admin/staff");
  });

  it("gives no link where there is no page to open", () => {
    expect(auditTargetHref({ type: "customer_account", id: "17", label: "EX-0000017" }, null)).toBeNull();
    // A deleted incident: no slug to resolve the id to.
    expect(auditTargetHref({ type: "incident", id: "uuid", label: "uuid" }, null)).toBeNull();
    expect(auditTargetHref({ type: "x", id: "1", label: "1" }, "s")).toBeNull();
  });
});
