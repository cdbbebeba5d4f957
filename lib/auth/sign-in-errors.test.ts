import { describe, expect, it } from "vitest";
import { signInErrorMessage } from "./sign-in-errors";

describe("signInErrorMessage", () => {
  it("does not reveal whether the account exists", () => {
    expect(signInErrorMessage("InvalidCredentials")).toBe("Wrong e-mail address or password.");
    expect(signInErrorMessage("CredentialsSignin")).toBe("Wrong e-mail address or password.");
  });

  it("tells a throttled user when to retry, in minutes", () => {
    expect(signInErrorMessage("Throttled:600")).toBe("Too many failed sign-ins. Try again in 10 minutes.");
    expect(signInErrorMessage("Throttled:30")).toBe("Too many failed sign-ins. Try again in 1 minute.");
  });

  it("explains single sign-on refusals", () => {
    expect(signInErrorMessage("SsoNoRole")).toMatch(/in no group that has a Breachdesk role/);
    expect(signInErrorMessage("OAuthCallback")).toMatch(/^Single sign-on failed/);
    expect(signInErrorMessage("SsoInactive")).toMatch(/deactivated/);
  });

  it("returns nothing without an error", () => {
    expect(signInErrorMessage(null)).toBeNull();
  });
});
