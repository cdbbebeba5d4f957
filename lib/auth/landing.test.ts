import { describe, expect, it } from "vitest";
import { landingPath } from "./landing";

describe("landingPath", () => {
  it("sends admins to the incident list", () => {
    expect(landingPath("admin", ["leak"])).toBe("/incidents");
  });

  it("sends other roles to the one open incident", () => {
    expect(landingPath("manager", ["leak"])).toBe("/incidents/leak");
    expect(landingPath("support_agent", ["leak"])).toBe("/incidents/leak");
  });

  it("falls back to the list when zero or several incidents are open", () => {
    expect(landingPath("security_analyst", [])).toBe("/incidents");
    expect(landingPath("security_analyst", ["a", "b"])).toBe("/incidents");
  });
});
