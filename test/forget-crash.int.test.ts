import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../server/db";
import { getForgetProgress } from "../server/forget/forget-progress";
import { getRemediationCharts } from "../server/remediation-stats/get-remediation-charts";
import { readRemediationCharts } from "../server/remediation-stats/read-remediation-charts";
import { testDbKinds } from "./db";
import { crashTestDatabase } from "./crash-database";
import {
  addressesOf,
  createForgetFixture,
  OTHER_INCIDENTS_ADDRESS,
  searchWholeDatabase,
  type ForgetFixture,
} from "./forget-fixture";
import { breachdesk } from "./run-cli";

// Forgetting a closed incident of 30,000 addresses (enough for tables of its
// own, server/db/incident-partition.ts) in real worker processes (`breachdesk
// worker --drain`), each step SIGKILLed between two units
// (BREACHDESK_CRASH_AT) and finished by the next worker: exactly once (the
// counts equal the rows, one audit entry, one timeline event), none of the
// addresses left anywhere in the database (nor, on PGlite, in its files), the
// incident's numbers and charts as they were, the audit chain whole.

const ADDRESSES = 30_000;
const BATCH = 3_000;

describe.each(testDbKinds())(
  "forgetting an incident with workers killed mid-step on %s",
  { timeout: 600_000 },
  (kind) => {
    const database = crashTestDatabase(kind, "forget crash test");
    const withDb = database.withDb;
    let f: ForgetFixture;
    let addresses: string[];
    let before: { stats: unknown; charts: unknown };
    const now = new Date("2026-01-01T00:00:00Z");

    const numbers = (db: Db) =>
      Promise.all([
        db.sql.query(
          `SELECT leaked_recipients, unique_addresses, matched_accounts, messages, open_actions, completed_actions,
                active_holds, changed_after_t0 FROM incident_stats WHERE incident_id = $1::uuid`,
          [f.incident.id],
        ),
        getRemediationCharts(
          db,
          { id: f.incident.id, awareAt: f.incident.awareAt, leakStartedAt: f.incident.leakStartedAt },
          now,
        ),
      ]).then(([stats, charts]) => ({ stats, charts: { ...charts, generatedAt: null } }));

    beforeAll(async () => {
      await database.open({
        BREACHDESK_FORGET_BATCH_SIZE: String(BATCH),
        BREACHDESK_WORK_LEASE_SECONDS: "1",
        BREACHDESK_WORK_POLL_MS: "50",
      });
      await withDb(async (db) => {
        f = await createForgetFixture(db, ADDRESSES);
        addresses = await addressesOf(db, f.incident.id);
        before = await numbers(db);
      });
    });
    afterAll(() => database.close());

    async function runStep(step: "pseudonymise" | "erase") {
      const started = await breachdesk(database.env, ["incident", "forget", f.incident.slug, "--step", step]);
      expect(started.code, started.stderr).toBe(0);
      const killed = await breachdesk(database.env, ["worker", "--drain"], "forget-between-units");
      expect(killed.crashed, killed.stderr).toBe(true);
      const mid = await withDb((db) =>
        db.sql.query<{ status: string; counts: Record<string, number> }>(
          `SELECT status, counts FROM incident_forget_runs WHERE incident_id = $1::uuid AND step = $2::"ForgetStep"`,
          [f.incident.id, step],
        ),
      );
      // Killed mid-step: two units done (up to about BATCH rows each; none when
      // they walked pages of dead rows the pseudonymisation left on
      // PostgreSQL, which only autovacuum clears), the rest still to do.
      expect(mid[0]!.status).toBe("running");
      expect(mid[0]!.counts.leaked_recipients).toBeLessThan(f.rows.leaked_recipients / 2);
      // What the closed incident's banner shows meanwhile: a part in hand, the rows done so far.
      const progressOf = async () =>
        (await withDb((db) => getForgetProgress(db, f.incident.id))).find((p) => p.step === step)!;
      const midProgress = await progressOf();
      expect(midProgress).toMatchObject({ status: "running", finishedAt: null });
      expect(midProgress.partsDone).toBeLessThan(midProgress.parts);
      expect(midProgress.current).not.toBeNull();
      expect(midProgress.rowsDone).toBe(Object.values(mid[0]!.counts).reduce((sum, n) => sum + n, 0));
      const again = await breachdesk(database.env, ["worker", "--drain"]);
      expect(again.code, again.stderr).toBe(0);
      const doneProgress = await progressOf();
      expect(doneProgress).toMatchObject({ status: "done", partsDone: doneProgress.parts, current: null });
      expect(doneProgress.finishedAt).not.toBeNull();
      return withDb(async (db) => {
        const [run] = await db.sql.query<{
          id: string;
          status: string;
          counts: Record<string, number>;
          audit_head_before: string;
          audit_head_after: string;
        }>(
          `SELECT id::text, status, counts, audit_head_before, audit_head_after FROM incident_forget_runs
          WHERE incident_id = $1::uuid AND step = $2::"ForgetStep"`,
          [f.incident.id, step],
        );
        const [records] = await db.sql.query<{ audit: number; timeline: number }>(
          `SELECT (SELECT count(*) FROM audit_log WHERE action = $2 AND incident_id = $1::uuid)::int AS audit,
                (SELECT count(*) FROM timeline_events WHERE incident_id = $1::uuid AND external_id = $3)::int AS timeline`,
          [f.incident.id, step === "pseudonymise" ? "incident.pseudonymised" : "incident.erased", `forget:${run!.id}`],
        );
        return {
          run: run!,
          records: records!,
          search: await searchWholeDatabase(db, addresses),
          after: await numbers(db),
        };
      });
    }

    async function auditVerifies(head: string) {
      const verified = await breachdesk(database.env, ["audit", "verify", "--head", head]);
      expect(verified.code, verified.stdout).toBe(0);
      expect(JSON.parse(verified.stdout.trim().split("\n").at(-1)!)).toMatchObject({
        ok: true,
        recordedHead: { onChain: true },
      });
    }

    it("pseudonymises exactly once, leaves no address, keeps the numbers and charts", async () => {
      expect(Object.keys(await withDb((db) => searchWholeDatabase(db, addresses))).length).toBeGreaterThan(0);
      const { run, records, search, after } = await runStep("pseudonymise");
      expect(run.status).toBe("done");
      expect(run.counts).toMatchObject({
        leaked_recipients: f.rows.leaked_recipients,
        triage_entries: f.rows.triage_entries,
        notice_messages: f.rows.notice_messages,
        notice_outbox: f.rows.notice_outbox,
        account_notes: 1,
        security_events: 1,
        import_rejects: 1,
        idempotency_records: 1,
      });
      expect(records).toEqual({ audit: 1, timeline: 1 });
      expect(search).toEqual({});
      expect(after).toEqual(before);
      // Another incident's address in a stored API answer stays; the scrubbed answer is still JSON.
      const answers = await withDb((db) =>
        db.sql.query<{ key: string; body: string }>(
          `SELECT key, response_body::text AS body FROM idempotency_records WHERE key LIKE '%-' || $1 ORDER BY key`,
          [`f${f.incident.id.slice(0, 6)}`],
        ),
      );
      expect(answers.map((a) => a.body)).toEqual([
        expect.stringContaining("[address removed]"),
        expect.stringContaining(OTHER_INCIDENTS_ADDRESS),
      ]);
      const [key] = await withDb((db) =>
        db.sql.query<{ key: unknown; destroyed_at: Date | null; pseudonymised_at: Date | null }>(
          `SELECT k.key, k.destroyed_at, i.pseudonymised_at FROM incident_forget_keys k JOIN incidents i ON i.id = k.incident_id
          WHERE k.incident_id = $1::uuid`,
          [f.incident.id],
        ),
      );
      expect(key!.key).toBeNull();
      expect(key!.destroyed_at).not.toBeNull();
      expect(key!.pseudonymised_at).not.toBeNull();
      await auditVerifies(run.audit_head_before);
      await auditVerifies(run.audit_head_after);
      if (kind === "pglite") expect(await incidentBytesInDataFolder(database.env.BREACHDESK_DATA_DIR!, f)).toEqual([]);
    });

    it("erases exactly once, keeps the incident's numbers and charts", async () => {
      const { run, records, search, after } = await runStep("erase");
      expect(run.status).toBe("done");
      expect(run.counts).toMatchObject({
        leaked_recipients: f.rows.leaked_recipients,
        triage_entries: f.rows.triage_entries,
        notice_messages: f.rows.notice_messages,
        notice_outbox: f.rows.notice_outbox,
        account_notes: 1,
        security_events: 1,
        import_rejects: 1,
      });
      expect(records).toEqual({ audit: 1, timeline: 1 });
      expect(search).toEqual({});
      expect(after.stats).toEqual(before.stats);
      // The charts were frozen before the rows they count went.
      const charts = await withDb((db) =>
        readRemediationCharts(db, {
          id: f.incident.id,
          awareAt: f.incident.awareAt,
          leakStartedAt: f.incident.leakStartedAt,
        }),
      );
      expect({ ...charts.data, generatedAt: null }).toEqual(before.charts);
      const left = await withDb((db) =>
        db.sql.query<{ n: number }>(
          `SELECT ((SELECT count(*) FROM leaked_recipients WHERE incident_id = $1::uuid)
               + (SELECT count(*) FROM triage_entries WHERE incident_id = $1::uuid))::int AS n`,
          [f.incident.id],
        ),
      );
      expect(Number(left[0]!.n)).toBe(0);
      await auditVerifies(run.audit_head_after);
    });
  },
);

/**
 * Which of the incident's own byte strings (its unmatched addresses' domain,
 * the capitalised originals, the display names: the customer directory, which
 * is kept, holds only the lower-case addresses) are still in any file of the
 * PGlite data folder, its write-ahead log included.
 */
async function incidentBytesInDataFolder(dir: string, f: ForgetFixture): Promise<string[]> {
  const prefix = `f${f.incident.id.slice(0, 6)}`;
  const needles = [
    `@${prefix}.example`,
    `${prefix[0]!.toUpperCase()}${prefix.slice(1)}.`,
    "@Example.Com",
    "Customer F",
  ];
  const found = new Set<string>();
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  for (const file of files) {
    const bytes = await readFile(path.join(file.parentPath, file.name));
    for (const needle of needles)
      if (bytes.includes(needle))
        found.add(`${needle} in ${path.relative(dir, path.join(file.parentPath, file.name))}`);
  }
  return [...found].sort();
}
