import { spawn } from "node:child_process";
import path from "node:path";

// The CLI as a real child process, for the crash tests: with `crashAt`, the
// child announces that point on stderr (BREACHDESK_CRASH_AT,
// server/jobs/crash-point.ts) and is SIGKILLed there, its transaction open.

const CLI = ["--conditions=react-server", "--import", "tsx", path.resolve(import.meta.dirname, "../cli/main.ts")];

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

