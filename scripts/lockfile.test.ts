import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

type LockEntry = {
  version?: string;
  optionalDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
};
const lock = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "..", "package-lock.json"), "utf8")) as {
  packages: Record<string, LockEntry>;
};

// Where npm would look for `name` from the package installed at `from`.
function resolves(from: string, name: string): boolean {
  let dir = from;
  for (;;) {
    if (lock.packages[`${dir ? `${dir}/` : ""}node_modules/${name}`]) return true;
    if (!dir) return false;
    const parent = dir.lastIndexOf("node_modules/");
    dir = parent <= 0 ? "" : dir.slice(0, parent - 1);
  }
}

describe("package-lock.json", () => {
  it("lists every optional dependency of every platform, so that npm ci accepts it on any machine", () => {
    const missing: string[] = [];
    for (const [at, entry] of Object.entries(lock.packages)) {
      for (const name of Object.keys(entry.optionalDependencies ?? {})) {
        if (!resolves(at, name)) missing.push(`${name} (for ${at || "the root"})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
