import { describe, expect, it } from "vitest";
import { formatElapsed } from "./progress";

describe("formatElapsed", () => {
  it("says a short run to a tenth of a second, longer ones in minutes and hours", () => {
    expect(formatElapsed(4_400)).toBe("4.4 s");
    expect(formatElapsed(0)).toBe("0.0 s");
    expect(formatElapsed(-5)).toBe("0.0 s");
    expect(formatElapsed(59_949)).toBe("59.9 s");
    expect(formatElapsed(125_000)).toBe("2 min 5 s");
    expect(formatElapsed(3_780_000)).toBe("1 h 3 min");
  });
});
