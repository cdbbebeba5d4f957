import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquirePgliteLock } from "./pglite-lock";

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "breachdesk-lock-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the embedded database lock", () => {
  it("refuses a second process, naming the one that holds the folder", () => {
    const dir = tempDir();
    // The parent of this test process is alive and is not us: it stands for a running app.
    fs.writeFileSync(
      path.join(dir, "breachdesk.lock"),
      JSON.stringify({ pid: process.ppid, command: "next start", since: "2026-01-01T00:00:00Z" }),
    );
    expect(() => acquirePgliteLock(dir, "breachdesk import recipients")).toThrow(
      new RegExp(`in use by another process \\(pid ${process.ppid}, "next start"`),
    );
  });

  it("takes over a lock left by a process that has gone, and releases it", () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, "breachdesk.lock"),
      JSON.stringify({ pid: 2 ** 22 + 12345, command: "crashed", since: "x" }),
    );
    const release = acquirePgliteLock(dir, "breachdesk db migrate");
    const owner = JSON.parse(fs.readFileSync(path.join(dir, "breachdesk.lock"), "utf8")) as {
      pid: number;
      command: string;
    };
    expect(owner).toMatchObject({ pid: process.pid, command: "breachdesk db migrate" });
    release();
    expect(fs.existsSync(path.join(dir, "breachdesk.lock"))).toBe(false);
  });

  it("leaves no exit listener behind once released", () => {
    const dir = tempDir();
    const before = process.listenerCount("exit");
    for (let i = 0; i < 20; i++) acquirePgliteLock(dir, "breachdesk worker")();
    expect(process.listenerCount("exit")).toBe(before);
  });
});
