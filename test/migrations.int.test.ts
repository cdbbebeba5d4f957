import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDriver, type SqlDriver } from "../server/db/driver";
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from "../server/db/migrate";
import { openTestDb, testDbKinds, type TestDb } from "./db";
import { schemaSnapshot } from "./schema-snapshot";

// The schema that prisma/schema.prisma describes, as SQL, straight from Prisma.
function schemaFromDatamodel(): string {
  return execFileSync(
    process.execPath,
    [
      "node_modules/prisma/build/index.js",
      "migrate",
      "diff",
      "--from-empty",
      "--to-schema-datamodel",
      "prisma/schema.prisma",
      "--script",
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
}

describe("migrations", () => {
  let expected: string[];
  let fromDatamodel: SqlDriver;

  beforeAll(async () => {
    fromDatamodel = await openDriver({ kind: "pglite", dataDir: null, owner: "test" });
    await fromDatamodel.exec(schemaFromDatamodel());
    expected = await schemaSnapshot(fromDatamodel);
  });

  afterAll(async () => {
    await fromDatamodel.close();
  });

  it("exist and are named in Prisma's format", () => {
    const migrations = readMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    for (const m of migrations) expect(m.name).toMatch(/^\d{14}_[a-z0-9_]+$/);
  });

  describe.each(testDbKinds())("on %s", (kind) => {
    let db: TestDb;
    beforeAll(async () => {
      db = await openTestDb(kind); // applies the migrations
    });
    afterAll(async () => {
      await db?.cleanup();
    });

    it("produce exactly the schema that schema.prisma describes (no drift)", async () => {
      expect(await schemaSnapshot(db.sql)).toEqual(expected);
    });

    it("partition the bulk tables by incident, with a default partition for the rest", async () => {
      const rows = await db.sql.query<{ parent: string; strategy: string; key: string; partitions: string[] }>(
        `SELECT pt.partrelid::regclass::text AS parent, pt.partstrat AS strategy, pg_get_partkeydef(pt.partrelid) AS key,
                array(SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                       WHERE i.inhparent = pt.partrelid ORDER BY 1) AS partitions
           FROM pg_partitioned_table pt ORDER BY 1`,
      );
      expect(rows).toEqual([
        {
          parent: "leaked_recipients",
          strategy: "l",
          key: "LIST (incident_id)",
          partitions: ["leaked_recipients_default"],
        },
        { parent: "triage_entries", strategy: "l", key: "LIST (incident_id)", partitions: ["triage_entries_default"] },
      ]);
    });

    it("compare the bulk keys byte by byte (a collation Prisma cannot express)", async () => {
      const rows = await db.sql.query<{ key: string; collation: string }>(
        `SELECT table_name || '.' || column_name AS key, collation_name AS collation FROM information_schema.columns
          WHERE table_schema = current_schema()
            AND table_name || '.' || column_name IN ('customer_accounts.email_normalized', 'customer_accounts.external_id',
                                                     'leaked_recipients.email_normalized', 'triage_entries.email_normalized')
          ORDER BY 1`,
      );
      expect(rows).toEqual([
        { key: "customer_accounts.email_normalized", collation: "C" },
        { key: "customer_accounts.external_id", collation: "C" },
        { key: "leaked_recipients.email_normalized", collation: "C" },
        { key: "triage_entries.email_normalized", collation: "C" },
      ]);
    });

    it("set the storage options Prisma cannot express", async () => {
      const rows = await db.sql.query<{ name: string; options: string[] }>(
        `SELECT relname::text AS name, reloptions AS options FROM pg_class
          WHERE relnamespace = current_schema()::regnamespace AND reloptions IS NOT NULL AND relkind IN ('r', 'p')
          ORDER BY 1`,
      );
      expect(rows).toEqual([{ name: "bulk_action_items", options: ["fillfactor=50"] }]);
    });

    it("are recorded like Prisma records them and are not applied twice", async () => {
      const rows = await db.sql.query<{ migration_name: string; checksum: string }>(
        `SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`,
      );
      expect(rows).toEqual(readMigrations().map((m) => ({ migration_name: m.name, checksum: m.checksum })));
      expect(await applyMigrations(db.sql)).toEqual({ applied: [], alreadyApplied: rows.length });
    });
  });

  it("keep the triage rows, and their ids, when the table becomes partitioned", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "breachdesk-migrations-"));
    fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const partitioning = "20261121150000_partition_triage_by_incident";
    const later = readMigrations(dir).filter((m) => m.name >= partitioning);
    const parked = fs.mkdtempSync(path.join(os.tmpdir(), "breachdesk-migrations-"));
    for (const m of later) fs.renameSync(path.join(dir, m.name), path.join(parked, m.name));
    const driver = await openDriver({ kind: "pglite", dataDir: null, owner: "test" });
    try {
      await applyMigrations(driver, dir);
      await driver.exec(`INSERT INTO incidents (id, slug, title, leak_started_at, aware_at, updated_at)
                         VALUES ('00000000-0000-4000-8000-000000000001', 'before', 'Before', now(), now(), now())`);
      const row = `INSERT INTO triage_entries (incident_id, email_normalized, email_original, first_message_id,
                     exposure_count, seen_by, risk_tier, risk_sort)
                   VALUES ('00000000-0000-4000-8000-000000000001', $1, $1, 1, 1, 0, 'low', 1) RETURNING id`;
      const [before] = await driver.query<{ id: number }>(row, ["a@example.com"]);
      for (const m of later) fs.renameSync(path.join(parked, m.name), path.join(dir, m.name));
      await applyMigrations(driver, dir);
      expect(await driver.query(`SELECT id, email_normalized FROM triage_entries`)).toEqual([
        { id: before!.id, email_normalized: "a@example.com" },
      ]);
      const [after] = await driver.query<{ id: number }>(row, ["b@example.com"]);
      expect(after!.id).toBeGreaterThan(before!.id);
    } finally {
      await driver.close();
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(parked, { recursive: true, force: true });
    }
  });

  it("refuse a migration edited after it was applied, and change nothing", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "breachdesk-migrations-"));
    fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const driver = await openDriver({ kind: "pglite", dataDir: null, owner: "test" });
    try {
      await applyMigrations(driver, dir);
      const first = readMigrations(dir)[0]!;
      fs.appendFileSync(path.join(dir, first.name, "migration.sql"), "\n-- edited\n");
      await expect(applyMigrations(driver, dir)).rejects.toThrow(/edited after it was applied/);
    } finally {
      await driver.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("roll back a failing migration entirely", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "breachdesk-migrations-"));
    fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    fs.mkdirSync(path.join(dir, "99991231000000_broken"));
    fs.writeFileSync(
      path.join(dir, "99991231000000_broken", "migration.sql"),
      `CREATE TABLE half_done (id int);\nSELECT * FROM table_that_does_not_exist;\n`,
    );
    const driver = await openDriver({ kind: "pglite", dataDir: null, owner: "test" });
    try {
      await expect(applyMigrations(driver, dir)).rejects.toThrow(/table_that_does_not_exist/);
      const tables = await driver.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`,
      );
      expect(tables[0]!.n).toBe(0);
    } finally {
      await driver.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
