import fs from "node:fs";
import path from "node:path";
import { AppError } from "../errors";

// PGlite is a single-process database: two processes opening the same data
// folder would corrupt it. A lock file holding the owner's pid guards it; a
// lock left by a process that no longer exists is taken over.
const LOCK_NAME = "breachdesk.lock";

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

type LockOwner = { pid: number; command: string; since: string };

export function acquirePgliteLock(dataDir: string, command: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, LOCK_NAME);
  const owner: LockOwner = { pid: process.pid, command, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(owner), { flag: "wx" });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        // A process that opens and closes the folder many times (the tests, a
        // CLI run that reopens it) would otherwise keep one listener per open.
        process.removeListener("exit", release);
        try {
          const current = JSON.parse(fs.readFileSync(lockPath, "utf8")) as LockOwner;
          if (current.pid === process.pid) fs.unlinkSync(lockPath);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let existing: LockOwner | undefined;
      try {
        existing = JSON.parse(fs.readFileSync(lockPath, "utf8")) as LockOwner;
      } catch {
        existing = undefined;
      }
      if (existing && existing.pid !== process.pid && processAlive(existing.pid)) {
        throw new AppError(
          "CONFLICT",
          `The embedded database in ${dataDir} is in use by another process ` +
            `(pid ${existing.pid}, "${existing.command}", since ${existing.since}). ` +
            `PGlite allows one process at a time: stop that process first, ` +
            `or set DATABASE_URL to use PostgreSQL.`,
        );
      }
      // Stale lock (owner gone, or unreadable): remove it and try once more.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new AppError("CONFLICT", `Could not lock the embedded database in ${dataDir}.`);
}
