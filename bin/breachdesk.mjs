#!/usr/bin/env node
// The `breachdesk` command. Runs the TypeScript CLI, bundled
// (scripts/cli-bundle.mjs), with the "react-server" condition so that server
// modules guarded by `server-only` load outside Next.js. SIGINT and SIGTERM
// are passed on, so that a service manager stopping `breachdesk worker` stops
// the worker itself (it finishes the batch in hand), and the CLI's exit code
// is ours.
import { spawn } from "node:child_process";
import { cliNodeArgs } from "../scripts/cli-bundle.mjs";

const child = spawn(process.execPath, [...(await cliNodeArgs()), ...process.argv.slice(2)], {
  stdio: "inherit",
  env: process.env,
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("error", (error) => {
  console.error(`breachdesk: could not start: ${error.message}`);
  process.exit(1);
});
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 + 15 : 1)));
