import { describe, expect, it } from "vitest";
import { explainRow, firedRulesOf } from "./explain";
import type { RiskFeatures } from "./rules";

const features: RiskFeatures = {
  matched: true,
  twoFactorEnabled: false,
  balanceUsdCents: 250_000,
  passwordChangedHoursAfterT0: 3.2,
  securityChanges: 0,
  withdrawalChanges: 0,
  newDeviceLogins: 0,
  failedLogins: 0,
  apiKeysCreated: 0,
};

describe("fired rules", () => {
  it("explain each rule of a row with its tier, title and reason; an unknown id is left out", () => {
    expect(explainRow(["password_changed", "retired_rule", "balance_without_2fa"], features)).toEqual([
      {
        id: "password_changed",
        tier: "critical",
        title: "Password changed after T0",
        reason: "password changed 3 h after T0",
      },
      {
        id: "balance_without_2fa",
        tier: "high",
        title: "Balance of $1,000 or more and no 2FA",
        reason: "balance $2,500 and no 2FA",
      },
    ]);
  });

  it("come back whole from the id and reason the triage table's rows carry", () => {
    const explained = explainRow(["password_changed", "balance_without_2fa", "no_2fa"], features);
    const sent = explained.map(({ id, reason }) => ({ id, reason }));
    expect(firedRulesOf([...sent, { id: "retired_rule", reason: "gone" }])).toEqual(explained);
  });
});
