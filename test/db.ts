import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import pg from "pg";
import { inject } from "vitest";
import { bootDb } from "../server/boot";
import { closeDb, type Db } from "../server/db";
import { DEMO_INCIDENT_SLUG } from "../server/seed/demo-incident";

// Integration tests run against every database named here: PGlite always,
// PostgreSQL when TEST_DATABASE_URL names a server. Each call gets a fresh,
// migrated database of its own (a new in-memory PGlite, or a new PostgreSQL
// database created on the server and dropped afterwards), started as a copy
// of the run's migrated template (test/global-setup.ts).
export type TestDbKind = "pglite" | "postgres";

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

export function testDbKinds(): TestDbKind[] {
  return TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

export type TestDb = Db & { kind: TestDbKind; url?: string; cleanup(): Promise<void> };

let pgliteTemplate: Promise<Blob> | undefined;
let pgliteDemoTemplate: Promise<Blob> | undefined;

function template(): Promise<Blob> {
  pgliteTemplate ??= readFile(inject("pgliteTemplate")).then((tar) => new Blob([tar]));
  return pgliteTemplate;
}

function demoPgliteTemplate(): Promise<Blob> {
  pgliteDemoTemplate ??= demoTemplate("pglite").then(async (tar) => new Blob([await readFile(tar)]));
  return pgliteDemoTemplate;
}

/** The demo template for `kind` (test/global-setup.ts makes it on the run's first request): a tar's path or a database's name. */
async function demoTemplate(kind: TestDbKind): Promise<string> {
  const response = await fetch(`${inject("demoTemplates")}/${kind}`);
  const body = await response.text();
  if (!response.ok) throw new Error(`The ${kind} demo template could not be made: ${body}`);
  return body;
}

/**
 * Makes `dataDir` (a new, empty folder) a migrated PGlite data folder, for
 * the tests whose CLI and worker processes open the database themselves.
 */
export async function createTestDataDir(dataDir: string): Promise<void> {
  await closeDb(await bootDb({ kind: "pglite", dataDir, owner: "test", template: await template() }));
}

/** A fresh, migrated database; with `demo`, one with the demo already seeded (test/global-setup.ts). */
export async function openTestDb(kind: TestDbKind, { demo = false } = {}): Promise<TestDb> {
  if (kind === "pglite") {
    const from = await (demo ? demoPgliteTemplate() : template());
    const db = await bootDb({ kind: "pglite", dataDir: null, owner: "test", template: from });
    return { ...db, kind, cleanup: () => closeDb(db) };
  }
  if (!TEST_DATABASE_URL) throw new Error("TEST_DATABASE_URL is not set");
  const name = `breachdesk_test_${randomBytes(6).toString("hex")}`;
  const from = demo ? await demoTemplate("postgres") : inject("postgresTemplate");
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${from}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const db = await bootDb({ kind: "postgres", url: url.toString() });
  return {
    ...db,
    kind,
    url: url.toString(),
    async cleanup() {
      await closeDb(db);
      await dropTestDatabase(name);
    },
  };
}

/** A test database with the demo seeded, and its incident: what the triage and account pages' tests read. */
export async function openDemoDb(kind: TestDbKind) {
  const db = await openTestDb(kind, { demo: true });
  return { db, incident: await db.prisma.incident.findUniqueOrThrow({ where: { slug: DEMO_INCIDENT_SLUG } }) };
}

/**
 * Waits (a second at most) until nobody is connected to database `name`:
 * pg's Pool.end() resolves before its clients' sockets have closed. A forced
 * drop would otherwise kill them mid-goodbye (their error events surface as
 * unhandled errors), and a template with a connection cannot be copied.
 */
export async function waitForNoConnections(client: pg.Client, name: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const [row] = (
      await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`, [name])
    ).rows;
    if (!row || row.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function dropTestDatabase(name: string): Promise<void> {
  const dropper = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await dropper.connect();
  await waitForNoConnections(dropper, name);
  await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await dropper.end();
}

export type RolesTestDb = TestDb & { ownerRole: string; appRole: string; ownerUrl: string };

/**
 * PostgreSQL with the two roles production uses (docs/operations.md,
 * "Running on PostgreSQL"): a fresh owner role that owns the database and runs the
 * migrations, and a fresh app role the returned handle connects as. Both are
 * made for this call (unique names) and dropped by cleanup().
 */
export async function openTestDbWithRoles(options: { ownerActsAsApp?: boolean } = {}): Promise<RolesTestDb> {
  if (!TEST_DATABASE_URL) throw new Error("TEST_DATABASE_URL is not set");
  const suffix = randomBytes(6).toString("hex");
  const name = `breachdesk_test_${suffix}`;
  const ownerRole = `breachdesk_owner_${suffix}`;
  const appRole = `breachdesk_app_${suffix}`;
  const password = randomBytes(12).toString("hex");
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE ROLE ${ownerRole} LOGIN PASSWORD '${password}'`);
  await admin.query(`CREATE ROLE ${appRole} LOGIN PASSWORD '${password}'`);
  // The owner hands the incident-partitioned tables to the app role.
  if (options.ownerActsAsApp ?? true) await admin.query(`GRANT ${appRole} TO ${ownerRole}`);
  await admin.query(`CREATE DATABASE ${name} OWNER ${ownerRole}`);
  await admin.end();
  const urlAs = (role: string) => {
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `/${name}`;
    url.username = role;
    url.password = password;
    return url.toString();
  };
  const dropAll = async () => {
    await dropTestDatabase(name);
    const dropper = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await dropper.connect();
    await dropper.query(`DROP ROLE IF EXISTS ${appRole}`);
    await dropper.query(`DROP ROLE IF EXISTS ${ownerRole}`);
    await dropper.end();
  };
  let db: Db;
  try {
    db = await bootDb({ kind: "postgres", url: urlAs(appRole), migrationUrl: urlAs(ownerRole) });
  } catch (error) {
    await dropAll();
    throw error;
  }
  return {
    ...db,
    kind: "postgres",
    url: urlAs(appRole),
    ownerUrl: urlAs(ownerRole),
    ownerRole,
    appRole,
    async cleanup() {
      await closeDb(db);
      await dropAll();
    },
  };
}

/** Empties every table but the migrations record. */
export async function resetTestDb(db: Db): Promise<void> {
  // Incidents' own partitions of the bulk tables go with their incidents.
  const partitions = await db.sql.query<{ name: string }>(
    `SELECT c.oid::regclass::text AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE c.relkind = 'r' AND c.relispartition AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'`,
  );
  if (partitions.length) await db.sql.exec(`DROP TABLE ${partitions.map((p) => p.name).join(", ")}`);
  const tables = await db.sql.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`,
  );
  if (tables.length === 0) return;
  // The audit log refuses TRUNCATE (append-only); tests start afresh with
  // user triggers switched off for this one statement (superuser only).
  await db.sql.exec(
    `SET session_replication_role = replica;
     TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(", ")} RESTART IDENTITY CASCADE;
     SET session_replication_role = DEFAULT`,
  );
}
