import { spawn } from "node:child_process";
import { cliNodeArgs } from "../scripts/cli-bundle.mjs";

// The CLI as a real child process, for the crash tests: with `crashAt`, the
// child announces that point on stderr (BREACHDESK_CRASH_AT,
// server/jobs/crash-point.ts) and is SIGKILLed there, its transaction open.

/** The node arguments that run the CLI itself, as bin/breachdesk.mjs does (test/global-setup.ts built it). */
export const CLI = await cliNodeArgs();

export type Run = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/** Runs the CLI; with `crashAt`, SIGKILLs it when it reaches that point (and fails if it never does). */
export function breachdesk(env: Record<string, string>, args: string[], crashAt?: string): Promise<Run & { crashed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], {
      env: { ...process.env, ...env, ...(crashAt ? { BREACHDESK_CRASH_AT: crashAt } : {}) },
    });
    const guard = setTimeout(() => child.kill("SIGKILL"), 90_000);
    let stdout = "";
    let stderr = "";
    let crashed = false;
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /CRASH-POINT (\S+) pid=(\d+)/.exec(stderr);
      if (match && !crashed) {
        crashed = true;
        process.kill(Number(match[2]), "SIGKILL");
      }
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr, crashed });
    });
  });
}

