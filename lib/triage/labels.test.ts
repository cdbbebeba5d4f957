import { describe, expect, it } from "vitest";
import { actionStatusLabel, matchCountText } from "./labels";

describe("triage labels", () => {
  it("counts matches in words", () => {
    expect(matchCountText(0)).toBe("0 accounts match");
    expect(matchCountText(1)).toBe("1 account matches");
    expect(matchCountText(1234)).toBe("1,234 accounts match");
  });

  it("labels action statuses, passing unknown ones through", () => {
    expect(actionStatusLabel("hold_active")).toBe("Withdrawals held");
    expect(actionStatusLabel("something_new")).toBe("something_new");
  });
});
