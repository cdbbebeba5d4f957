import { describe, expect, it } from "vitest";
import { createRandom } from "./prng";

describe("createRandom", () => {
  it("repeats the same sequence for the same seed", () => {
    const a = createRandom(2019);
    const b = createRandom(2019);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it("differs between seeds and stays in [0, 1)", () => {
    const a = createRandom(1);
    const b = createRandom(2);
    const values = Array.from({ length: 1000 }, () => a.next());
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(values[0]).not.toBe(b.next());
  });

  it("draws integers within bounds and shuffles without losing items", () => {
    const random = createRandom(7);
    for (let i = 0; i < 1000; i++) {
      const n = random.int(3, 9);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(9);
    }
    const items = Array.from({ length: 100 }, (_, i) => i);
    expect([...random.shuffle([...items])].sort((x, y) => x - y)).toEqual(items);
  });
});
