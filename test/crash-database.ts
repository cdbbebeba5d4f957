import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, vi } from "vitest";
import { bootDb } from "../server/boot";
import { closeDb, type Db } from "../server/db";
import { resetEnvCache } from "../server/env";
import { requestBulkAction } from "../server/remediation/request-bulk-action";
import { createRemediationFixture } from "../server/remediation/test-fixtures";
import { createTestDataDir, openTestDb, resetTestDb, type TestDb, type TestDbKind } from "./db";

/**
 * The database of a crash test, shared with the CLI processes it kills: a
 * PGlite folder (which the test opens only between runs, since one process
 * owns it) or a fresh PostgreSQL database. `settings` go to this process's
 * environment (the requests made here) and to the children's (`env`).
 */
export function crashTestDatabase(kind: TestDbKind, label: string) {
  let dataDir: string | null = null;
  let pg: TestDb | null = null;
  const state = {
    /** The children's environment: the settings and where the database is. */
    env: {} as Record<string, string>,

    async open(settings: Record<string, string>): Promise<void> {
      for (const [name, value] of Object.entries(settings)) vi.stubEnv(name, value);
      resetEnvCache();
      if (kind === "postgres") {
        pg = await openTestDb("postgres");
        state.env = { ...settings, DATABASE_URL: pg.url! };
      } else {
        dataDir = await mkdtemp(path.join(tmpdir(), `breachdesk-${label.replace(/\W+/g, "-")}-`));
        await createTestDataDir(dataDir);
        state.env = { ...settings, DATABASE_URL: "", BREACHDESK_DATA_DIR: dataDir };
      }
    },

    /** The database for the test's own reads and writes, closed again on PGlite so the CLI can open it. */
    async withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
      if (pg) return fn(pg);
      const db = await bootDb({ kind: "pglite", dataDir: dataDir!, owner: label });
      try {
        return await fn(db);
      } finally {
        await closeDb(db);
      }
    },

    async close(): Promise<void> {
      vi.unstubAllEnvs();
      resetEnvCache();
      await pg?.cleanup();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  return state;
}

/**
 * What every crash test's worker runs with: small batches, so that a kill
 * falls inside the work; short leases and polls, so that the next worker
 * takes over at once; no approval, so that a request runs straight away.
 */
export function crashWorkSettings(batchSize: number): Record<string, string> {
  return {
    BREACHDESK_WORK_BATCH_SIZE: String(batchSize),
    BREACHDESK_WORK_LEASE_SECONDS: "1",
    BREACHDESK_WORK_POLL_MS: "50",
    BREACHDESK_APPROVAL_THRESHOLD: "100000",
  };
}

/** Empties the database, then requests `action` on every one of `accounts` fresh exposed accounts; it runs at once. */
export async function requestCrashTestBulkAction(
  db: Db,
  accounts: number,
  action: { kind: "password_reset" } | { kind: "withdrawal_hold"; holdHours: number },
): Promise<{ bulkId: string; requesterEmail: string }> {
  await resetTestDb(db);
  const f = await createRemediationFixture(db, accounts);
  const requested = await requestBulkAction(
    db,
    f.incident,
    { ...action, reason: "Crash test", selection: { kind: "filter", query: "" } },
    f.requester,
  );
  expect(requested.status).toBe("running");
  return { bulkId: requested.id, requesterEmail: f.requester.email };
}
