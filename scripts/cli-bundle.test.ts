import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { cliNodeArgs } from "./cli-bundle.mjs";

describe("the CLI bundle", () => {
  it("runs the CLI, and is built again once older than a source of it, not before", async () => {
    const args = await cliNodeArgs();
    const bundle = args.at(-1)!;
    expect(bundle).toMatch(/node_modules\/\.cache\/breachdesk-cli\/cli\.mjs$/);

    const help = spawnSync(process.execPath, [...args, "--help"], { encoding: "utf8" });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout + help.stderr).toContain("Usage: breachdesk <command>");

    // Older than every source: as after an edit of one. Built again.
    fs.utimesSync(bundle, new Date(0), new Date(0));
    await cliNodeArgs();
    const rebuilt = fs.statSync(bundle).mtimeMs;
    expect(rebuilt).toBeGreaterThan(Date.now() - 60_000);

    // Nothing changed since: the same file.
    await cliNodeArgs();
    expect(fs.statSync(bundle).mtimeMs).toBe(rebuilt);
  });
});
