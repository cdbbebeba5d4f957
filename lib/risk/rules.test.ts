import { describe, expect, it } from "vitest";
import { RISK_RULES, evaluateRisk, explainRule, ruleById, type RiskFeatures } from "./rules";

const quiet: RiskFeatures = {
  matched: true,
  twoFactorEnabled: true,
  balanceUsdCents: 5_000,
  passwordChangedHoursAfterT0: null,
  securityChanges: 0,
  withdrawalChanges: 0,
  newDeviceLogins: 0,
  failedLogins: 0,
  apiKeysCreated: 0,
};

describe("risk rules", () => {
  it("have unique ids and a reason each", () => {
    expect(new Set(RISK_RULES.map((r) => r.id)).size).toBe(RISK_RULES.length);
    for (const rule of RISK_RULES) expect(rule.reason.length).toBeGreaterThan(0);
  });

  it("rank an exposed account with 2FA, a small balance and no activity as low, with no rule fired", () => {
    expect(evaluateRisk(quiet)).toEqual({ tier: "low", rules: [] });
  });

  it("make a password change after T0 critical and explain it in hours", () => {
    const features = { ...quiet, passwordChangedHoursAfterT0: 3.2 };
    expect(evaluateRisk(features)).toEqual({ tier: "critical", rules: ["password_changed"] });
    expect(explainRule(ruleById("password_changed")!, features)).toBe("password changed 3 h after T0");
  });

  it("flag a balance without 2FA as high, and say both", () => {
    const features = { ...quiet, twoFactorEnabled: false, balanceUsdCents: 250_000 };
    const result = evaluateRisk(features);
    expect(result.tier).toBe("high");
    expect(result.rules).toEqual(["balance_without_2fa", "no_2fa"]);
    expect(explainRule(ruleById("balance_without_2fa")!, features)).toBe("balance $2,500 and no 2FA");
  });

  it("take the highest tier among the rules that fire", () => {
    const features = { ...quiet, failedLogins: 5, newDeviceLogins: 1, withdrawalChanges: 2 };
    expect(evaluateRisk(features)).toEqual({
      tier: "critical",
      rules: ["withdrawal_address_changed", "new_device_login", "failed_logins"],
    });
  });

  it("mark an address without an account", () => {
    expect(evaluateRisk({ ...quiet, matched: false, twoFactorEnabled: false, balanceUsdCents: 0 })).toEqual({
      tier: "low",
      rules: ["no_account"],
    });
  });
});
