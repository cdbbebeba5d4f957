import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { selectionDigest } from "./selection-digest";

describe("selectionDigest", () => {
  it("is SHA-256 over the ids sorted by their bytes, one per line, whatever the order given", () => {
    const expected = createHash("sha256").update("ACC-10\nACC-2\nacc-1").digest("hex");
    expect(selectionDigest(["acc-1", "ACC-2", "ACC-10"])).toBe(expected);
    expect(selectionDigest(["ACC-10", "acc-1", "ACC-2"])).toBe(expected);
    expect(selectionDigest([])).toBe(createHash("sha256").update("").digest("hex"));
  });
});
