import { describe, expect, it } from "vitest";
import { nextRowIndex } from "./keyboard";

describe("triage table row keys", () => {
  it("moves down with j and ArrowDown, up with k and ArrowUp, and stops at the ends", () => {
    expect(nextRowIndex({ key: "j" }, 0, 3)).toBe(1);
    expect(nextRowIndex({ key: "ArrowDown" }, 2, 3)).toBe(2);
    expect(nextRowIndex({ key: "k" }, 1, 3)).toBe(0);
    expect(nextRowIndex({ key: "ArrowUp" }, 0, 3)).toBe(0);
    expect(nextRowIndex({ key: "Home" }, 2, 3)).toBe(0);
    expect(nextRowIndex({ key: "End" }, 0, 3)).toBe(2);
  });

  it("starts at the first row when focus is outside the rows", () => {
    expect(nextRowIndex({ key: "j" }, -1, 3)).toBe(0);
  });

  it("leaves other keys and modified keys to the browser", () => {
    expect(nextRowIndex({ key: "Enter" }, 0, 3)).toBeNull();
    expect(nextRowIndex({ key: "j", ctrlKey: true }, 0, 3)).toBeNull();
    expect(nextRowIndex({ key: "ArrowDown", shiftKey: true }, 0, 3)).toBeNull();
    expect(nextRowIndex({ key: "j" }, 0, 0)).toBeNull();
  });
});
