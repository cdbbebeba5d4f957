import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootDb } from "../server/boot";
import { closeDb, type Db } from "../server/db";
import { IMPORT_SILENCE_MS } from "../server/imports/run-import";
import { createTestIncident } from "../server/timeline/test-fixtures";
import { sweepExpired } from "../server/workers/work";
import { createTestDataDir, openTestDb, testDbKinds, type TestDb } from "./db";
import { CLI } from "./run-cli";

// An import whose process is SIGKILLed in its apply phase (its transaction
// open) rolls back, and its job must not stay "running" for ever: on
// PostgreSQL its heartbeat stops and the next sweep marks it interrupted; on
// PGlite the next process to open the database does.

function killedAt(point: string, env: Record<string, string>, args: string[]): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], { env: { ...process.env, ...env, BREACHDESK_CRASH_AT: point } });
    const guard = setTimeout(() => child.kill("SIGKILL"), 90_000);
    let stderr = "";
    let crashed = false;
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /CRASH-POINT \S+ pid=(\d+)/.exec(stderr);
      if (match && !crashed) {
        crashed = true;
        process.kill(Number(match[1]), "SIGKILL");
      }
    });
    child.on("error", reject);
    child.on("close", () => {
      clearTimeout(guard);
      resolve(crashed);
    });
  });
}

describe.each(testDbKinds())("an import killed in its apply phase on %s", { timeout: 180_000 }, (kind) => {
  let dir: string;
  let pg: TestDb | null = null;
  let env: Record<string, string>;
  let slug: string;

  async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    if (pg) return fn(pg);
    const db = await bootDb({ kind: "pglite", dataDir: path.join(dir, "data"), owner: "import crash test" });
    try {
      return await fn(db);
    } finally {
      await closeDb(db);
    }
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "breachdesk-import-crash-"));
    if (kind === "postgres") {
      pg = await openTestDb("postgres");
      env = { DATABASE_URL: pg.url! };
    } else {
      env = { DATABASE_URL: "", BREACHDESK_DATA_DIR: path.join(dir, "data") };
      await createTestDataDir(env.BREACHDESK_DATA_DIR!);
    }
    slug = await withDb(async (db) => (await createTestIncident(db)).slug);
    const rows = Array.from({ length: 200 }, (_, i) => `customer.${i}@example.com,${Math.floor(i / 50) + 1}`);
    await writeFile(path.join(dir, "leak.csv"), `email,batch\n${rows.join("\n")}\n`);
  });
  afterAll(async () => {
    await pg?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it("rolls back, and the job shows as interrupted", async () => {
    const crashed = await killedAt("import-apply", env, ["import", "recipients", path.join(dir, "leak.csv"), "--incident", slug]);
    expect(crashed).toBe(true);
    await withDb(async (db) => {
      const job = await db.prisma.importJob.findFirstOrThrow({ orderBy: { startedAt: "desc" } });
      if (kind === "postgres") {
        // Still "running" until its silence is noticed.
        expect(job.status).toBe("running");
        const swept = await sweepExpired(db, new Date(job.heartbeatAt.getTime() + IMPORT_SILENCE_MS + 1_000));
        expect(swept.imports).toBe(1);
      }
      const after = await db.prisma.importJob.findUniqueOrThrow({ where: { id: job.id } });
      expect(after.status).toBe("failed");
      expect(after.error).toMatch(/nothing from it was applied/);
      expect(await db.prisma.leakedRecipient.count()).toBe(0);
    });
  });

  it("killed just after its transaction commits, it is completed: its job, audit entry and timeline event committed with its rows", async () => {
    const crashed = await killedAt("import-committed", env, ["import", "recipients", path.join(dir, "leak.csv"), "--incident", slug]);
    expect(crashed).toBe(true);
    await withDb(async (db) => {
      const job = await db.prisma.importJob.findFirstOrThrow({ orderBy: { startedAt: "desc" } });
      if (kind === "postgres") {
        // Nothing left running for the sweep to mark interrupted.
        const swept = await sweepExpired(db, new Date(job.heartbeatAt.getTime() + IMPORT_SILENCE_MS + 1_000));
        expect(swept.imports).toBe(0);
      }
      const after = await db.prisma.importJob.findUniqueOrThrow({ where: { id: job.id } });
      expect(after).toMatchObject({ status: "completed", rows: 200, imported: 200, error: null });
      expect(await db.prisma.leakedRecipient.count()).toBe(200);
      expect(await db.prisma.auditLog.count({ where: { action: "import.recipients.completed", targetId: job.id } })).toBe(1);
      expect(await db.prisma.timelineEvent.count({ where: { externalId: `import:${job.id}` } })).toBe(1);
    });
  });
});
