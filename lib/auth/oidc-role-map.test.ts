import { describe, expect, it } from "vitest";
import { groupsFromClaim, parseRoleMap, roleForGroups } from "./oidc-role-map";

describe("the SSO group to role map", () => {
  const map = parseRoleMap("secops-admins:admin, secops:security_analyst,support:support_agent,leadership:manager");

  it("parses group:role pairs in order", () => {
    expect(map).toEqual([
      { group: "secops-admins", role: "admin" },
      { group: "secops", role: "security_analyst" },
      { group: "support", role: "support_agent" },
      { group: "leadership", role: "manager" },
    ]);
  });

  it("takes the role after the last colon, so group names may hold colons", () => {
    expect(parseRoleMap("urn:groups:secops:security_analyst")).toEqual([
      { group: "urn:groups:secops", role: "security_analyst" },
    ]);
  });

  it("refuses an unknown role or a malformed entry", () => {
    expect(() => parseRoleMap("secops:superuser")).toThrow(/not a role/);
    expect(() => parseRoleMap("admin")).toThrow(/not group:role/);
    expect(parseRoleMap("")).toEqual([]);
  });

  it("gives the first listed mapping the user's groups match, or none", () => {
    expect(roleForGroups(map, ["support", "secops"])).toBe("security_analyst");
    expect(roleForGroups(map, ["leadership"])).toBe("manager");
    expect(roleForGroups(map, ["everyone", "Secops"])).toBeNull();
    expect(roleForGroups(map, [])).toBeNull();
  });

  it("reads a groups claim that is a list or a single string", () => {
    expect(groupsFromClaim(["a", 1, "b"])).toEqual(["a", "b"]);
    expect(groupsFromClaim("a")).toEqual(["a"]);
    expect(groupsFromClaim(undefined)).toEqual([]);
    expect(groupsFromClaim({ a: 1 })).toEqual([]);
  });
});
