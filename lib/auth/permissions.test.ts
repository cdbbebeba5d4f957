import { describe, expect, it } from "vitest";
import { PERMISSIONS, ROLES, ROLE_PERMISSIONS, can, isRole } from "./permissions";

describe("role permissions", () => {
  it("gives admin every permission", () => {
    for (const permission of PERMISSIONS) expect(can("admin", permission)).toBe(true);
  });

  it("keeps managers read-only and masked", () => {
    const writes = ROLE_PERMISSIONS.manager.filter((p) => !p.endsWith(".read"));
    expect(writes).toEqual([]);
    expect(can("manager", "accounts.read_unmasked")).toBe(false);
  });

  it("lets support agents request but not approve bulk actions", () => {
    expect(can("support_agent", "bulk.request")).toBe(true);
    expect(can("support_agent", "bulk.approve")).toBe(false);
    expect(can("security_analyst", "bulk.approve")).toBe(true);
  });

  it("reserves staff management to admins", () => {
    for (const role of ROLES) expect(can(role, "staff.manage")).toBe(role === "admin");
  });

  it("lets only support agents and admins act on accounts", () => {
    for (const role of ROLES) {
      const allowed = role === "admin" || role === "support_agent";
      expect(can(role, "accounts.reset")).toBe(allowed);
      expect(can(role, "holds.release")).toBe(allowed);
    }
  });

  it("recognises role names", () => {
    expect(isRole("manager")).toBe(true);
    expect(isRole("root")).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});
