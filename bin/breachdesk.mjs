#!/usr/bin/env node
// The `breachdesk` command. Runs the TypeScript CLI through tsx, with the
// "react-server" condition so that server modules guarded by `server-only`
// load outside Next.js.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const result = spawnSync(
  process.execPath,
  ["--conditions=react-server", "--import", "tsx", path.join(root, "cli", "main.ts"), ...process.argv.slice(2)],
  { stdio: "inherit", env: process.env },
);
if (result.error) {
  console.error(`breachdesk: could not start: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
