import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "../server/audit/record-audit";
import { authorizeRoleToken } from "../server/auth/authenticate-role-token";
import { bootDb } from "../server/boot";
import { closeDb, type Db } from "../server/db";
import { requestBulkAction } from "../server/remediation/request-bulk-action";
import { createRemediationFixture, type RemediationFixture } from "../server/remediation/test-fixtures";
import { createTestDataDir, openTestDb, testDbKinds, type TestDb } from "./db";
import { CLI } from "./run-cli";

// `npx breachdesk worker | audit verify | bulk ...` as a user runs them: a
// child process on a real database (a PGlite directory, which the test must
// close before each run since one process owns it, or a PostgreSQL database).

const BIN = path.resolve(import.meta.dirname, "../bin/breachdesk.mjs");

type Run = { code: number | null; stdout: string; stderr: string; last: Record<string, unknown> };

function breachdesk(
  env: Record<string, string>,
  args: string[],
  // direct: what bin/breachdesk.mjs runs (run-cli.ts's CLI), started without it so that a signal reaches the CLI itself.
  options: { direct?: boolean; onStderr?: (text: string, child: ReturnType<typeof spawn>) => void } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.direct ? CLI : [BIN]), ...args], {
      env: { ...process.env, ...env },
    });
    // Never leave a worker behind, whatever the test does.
    const guard = setTimeout(() => child.kill("SIGKILL"), 45_000);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      options.onStderr?.(stderr, child);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(guard);
      const lines = stdout.trim().split("\n");
      let last: Record<string, unknown> = {};
      try {
        last = JSON.parse(lines.at(-1) ?? "{}") as Record<string, unknown>;
      } catch {
        // The assertions below show stdout.
      }
      resolve({ code, stdout, stderr, last });
    });
  });
}

// Each test starts several CLI processes, a second or more each on a busy two-core
// machine: the crash tests' allowance rather than the default minute.
const PROCESSES = { timeout: 240_000 };

describe.each(testDbKinds())("breachdesk CLI: worker, bulk, audit verify, token create on %s", PROCESSES, (kind) => {
  let env: Record<string, string>;
  let dataDir: string | null = null;
  let pg: TestDb | null = null;
  let f: RemediationFixture;
  let bulkId: string;

  /** The database for the test's own reads and writes, closed again on PGlite so the CLI can open it. */
  async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    if (pg) return fn(pg);
    const db = await bootDb({ kind: "pglite", dataDir, owner: "cli test" });
    try {
      return await fn(db);
    } finally {
      await closeDb(db);
    }
  }

  beforeAll(async () => {
    if (kind === "pglite") {
      dataDir = await mkdtemp(path.join(tmpdir(), "breachdesk-cli-"));
      await createTestDataDir(dataDir);
      env = { BREACHDESK_DATA_DIR: dataDir, DATABASE_URL: "" };
    } else {
      pg = await openTestDb(kind);
      env = { DATABASE_URL: pg.url! };
    }
    await withDb(async (db) => {
      f = await createRemediationFixture(db, 5);
      await db.prisma.staffUser.create({
        data: { email: "first-admin@cli.test", name: "First Admin", role: "admin", passwordHash: "not-a-real-hash" },
      });
      const requested = await requestBulkAction(
        db,
        f.incident,
        { kind: "password_reset", reason: "Exposed", selection: { kind: "filter", query: "" } },
        f.requester,
      );
      bulkId = requested.id;
      await recordAudit(db.prisma, { actor: null, action: "test.marker" });
    });
  });
  afterAll(async () => {
    await pg?.cleanup();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("bulk pause --as a named staff user; bulk resume as the first active admin; both audited by name", async () => {
    const paused = await breachdesk(env, ["bulk", "pause", bulkId, "--as", f.requester.email.toUpperCase()]);
    expect(paused.code, paused.stderr).toBe(0);
    expect(paused.last).toMatchObject({ id: bulkId, status: "paused", total: 5, remaining: 5 });
    const resumed = await breachdesk(env, ["bulk", "resume", bulkId]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain("Acting as first-admin@cli.test");
    expect(resumed.last).toMatchObject({ id: bulkId, status: "running" });
    const actors = await withDb((db) =>
      db.prisma.auditLog.findMany({
        where: { targetId: bulkId, action: { in: ["bulk_action.paused", "bulk_action.resumed"] } },
        orderBy: { id: "asc" },
        select: { action: true, actorEmail: true },
      }),
    );
    expect(actors).toEqual([
      { action: "bulk_action.paused", actorEmail: f.requester.email },
      { action: "bulk_action.resumed", actorEmail: "first-admin@cli.test" },
    ]);
    const wrong = await breachdesk(env, ["bulk", "resume", "not-a-uuid"]);
    expect(wrong.code).toBe(2);
  });

  it("token create: a role token for an incident, printed once, that the API accepts; bad arguments named", async () => {
    const run = await breachdesk(env, ["token", "create", "--name", "SOAR", "--role", "manager", "--incident", f.incident.slug, "--expires-days", "7"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/for first-admin@cli\.test/);
    expect(run.last).toMatchObject({ role: "manager", token: expect.stringMatching(/^bd_/) });
    await withDb(async (db) => {
      const principal = await authorizeRoleToken(db, `Bearer ${String(run.last.token)}`, "incidents.read");
      expect(principal).toMatchObject({ role: "manager", incidentId: f.incident.id });
    });
    const bad = await breachdesk(env, ["token", "create", "--name", "x", "--role", "root"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--name: .*\n.*--role: /s);
  });

  it("worker --drain runs what is queued and exits with {batches}", async () => {
    const drained = await breachdesk(env, ["worker", "--drain"]);
    expect(drained.code, drained.stderr).toBe(0);
    expect(drained.last).toMatchObject({ batches: 1 });
    const status = await withDb((db) => db.prisma.bulkAction.findUniqueOrThrow({ where: { id: bulkId } }));
    expect(status).toMatchObject({ status: "completed", succeeded: 5 });
  });

  it("worker stops on SIGTERM and reports", async () => {
    let signalled = false;
    const stopped = await breachdesk(env, ["worker", "--concurrency", "2"], {
      direct: true,
      onStderr: (text, child) => {
        // Both loops have started (each logs its id): stop them.
        if (!signalled && (text.match(/ started /g) ?? []).length >= 2) {
          signalled = true;
          child.kill("SIGTERM");
        }
      },
    });
    expect(signalled).toBe(true);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.last).toMatchObject({ stopped: true, batches: 0 });
  });

  it("audit verify: exit 0 and the head when intact; exit 1 naming the edited entry", async () => {
    const intact = await breachdesk(env, ["audit", "verify"]);
    expect(intact.code, intact.stderr).toBe(0);
    expect(Object.keys(intact.last)).toEqual(["entries", "ok", "head"]);
    expect(intact.last.ok).toBe(true);
    expect(intact.last.entries).toBeGreaterThan(3);
    expect(intact.last.head).toMatch(/^[0-9a-f]{64}$/);
    // A head recorded outside (report, log line): still on the chain; a made-up one is not.
    const [kept] = await withDb((db) => db.sql.query<{ id: number; hash: string }>(`SELECT id, hash FROM audit_log WHERE id = 2`));
    const recorded = await breachdesk(env, ["audit", "verify", "--head", `${kept!.id}:${kept!.hash}`]);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.last).toMatchObject({ ok: true, recordedHead: { id: 2, onChain: true } });
    const replaced = await breachdesk(env, ["audit", "verify", "--head", `2:${"e".repeat(64)}`]);
    expect(replaced.code).toBe(1);
    expect(replaced.last).toMatchObject({ ok: false, recordedHead: { id: 2, onChain: false } });

    const edited = await withDb(async (db) => {
      const [row] = await db.sql.query<{ id: number }>(`SELECT id FROM audit_log WHERE action = 'test.marker'`);
      // The table refuses UPDATE; a superuser with triggers off stands in for an attacker with disk access.
      await db.sql.exec(
        `SET session_replication_role = replica;
         UPDATE audit_log SET action = 'test.edited' WHERE id = ${Number(row!.id)};
         SET session_replication_role = DEFAULT`,
      );
      return Number(row!.id);
    });
    const broken = await breachdesk(env, ["audit", "verify"]);
    expect(broken.code).toBe(1);
    expect(broken.last).toMatchObject({ ok: false, firstBad: { id: edited } });
    expect(broken.stderr).toMatch(/BROKEN at entry/);
  });
});
