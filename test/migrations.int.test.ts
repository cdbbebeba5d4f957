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
      await db.cleanup();
    });

    it("produce exactly the schema that schema.prisma describes (no drift)", async () => {
      expect(await schemaSnapshot(db.sql)).toEqual(expected);
    });

    it("are recorded like Prisma records them and are not applied twice", async () => {
      const rows = await db.sql.query<{ migration_name: string; checksum: string }>(
        `SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`,
      );
      expect(rows).toEqual(readMigrations().map((m) => ({ migration_name: m.name, checksum: m.checksum })));
      expect(await applyMigrations(db.sql)).toEqual({ applied: [], alreadyApplied: rows.length });
    });
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
