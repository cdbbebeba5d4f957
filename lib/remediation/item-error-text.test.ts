import { describe, expect, it } from "vitest";
import { itemErrorText } from "./actions";

describe("an item's last error in words", () => {
  it("turns a skip reason into its label and leaves an exchange's error as it was", () => {
    expect(itemErrorText("held_in_another_incident")).toBe("withdrawals already held by another incident's hold");
    expect(itemErrorText("no_active_hold")).toBe("no active hold to release");
    expect(itemErrorText("HTTP 503 unavailable")).toBe("HTTP 503 unavailable");
    expect(itemErrorText(null)).toBeNull();
  });
});
