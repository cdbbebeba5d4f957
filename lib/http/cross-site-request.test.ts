import { describe, expect, it } from "vitest";
import { crossSiteRefusal } from "./cross-site-request";

const own = "http://localhost:3000";
const facts = (over: Partial<Parameters<typeof crossSiteRefusal>[0]>) =>
  crossSiteRefusal({ method: "POST", ownOrigin: own, origin: null, secFetchSite: null, ...over });

describe("crossSiteRefusal", () => {
  it("lets same-origin browser requests and non-browser clients through", () => {
    expect(facts({ origin: own, secFetchSite: "same-origin" })).toBeNull();
    expect(facts({ origin: own })).toBeNull();
    expect(facts({})).toBeNull();
    expect(
      facts({ origin: "https://breachdesk.example.com", trustedOrigins: ["https://breachdesk.example.com/"] }),
    ).toBeNull();
  });

  it("refuses sibling origins, other sites and opaque origins", () => {
    expect(facts({ origin: "http://localhost:3001" })).not.toBeNull();
    expect(facts({ origin: "http://evil.localhost:3000" })).not.toBeNull();
    expect(facts({ origin: "null" })).not.toBeNull();
    expect(facts({ origin: "garbage" })).not.toBeNull();
    expect(facts({ secFetchSite: "same-site" })).not.toBeNull();
    expect(facts({ secFetchSite: "cross-site", origin: own })).not.toBeNull();
    expect(facts({ method: "delete", secFetchSite: "cross-site" })).not.toBeNull();
  });

  it("never refuses reads", () => {
    expect(facts({ method: "GET", origin: "http://evil.example", secFetchSite: "cross-site" })).toBeNull();
    expect(facts({ method: "HEAD", secFetchSite: "cross-site" })).toBeNull();
  });
});
