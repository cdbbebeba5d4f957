#!/usr/bin/env node
// The `breachdesk` command. Runs the TypeScript CLI through tsx, with the
// "react-server" condition so that server modules guarded by `server-only`
// load outside Next.js. SIGINT and SIGTERM are passed on, so that a service
// manager stopping `breachdesk worker` stops the worker itself (it finishes
// the batch in hand), and the CLI's exit code is ours.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const child = spawn(
  process.execPath,
  ["--conditions=react-server", "--import", "tsx", path.join(root, "cli", "main.ts"), ...process.argv.slice(2)],
  { stdio: "inherit", env: process.env },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("error", (error) => {
  console.error(`breachdesk: could not start: ${error.message}`);
  process.exit(1);
});
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 + 15 : 1)));
