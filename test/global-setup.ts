import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { cliNodeArgs } from "../scripts/cli-bundle.mjs";
import { bootDb } from "../server/boot";
import { closeDb } from "../server/db";
import { dropTestDatabase, waitForNoConnections } from "./db";

// Migrated databases that every integration test's database starts as
// (test/db.ts), made once per run: a new PGlite otherwise runs initdb (about
// 1.3 s of a two-core machine) and a new PostgreSQL database every migration,
// once for each of the hundred-odd databases the tests open. Both are made by
// bootDb, as a test's own database was, so the template is exactly what the
// migrations produce (test/migrations.int.test.ts checks that schema).

declare module "vitest" {
  export interface ProvidedContext {
    /** A tar of a migrated PGlite data folder (PGlite's dumpDataDir). */
    pgliteTemplate: string;
    /** A migrated database on TEST_DATABASE_URL's server, or "" without one. */
    postgresTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The audit key the tests run with signs the template's audit head, as it would a fresh database's.
  Object.assign(process.env, project.config.env);
  const dir = await mkdtemp(path.join(tmpdir(), "breachdesk-test-templates-"));
  const serverUrl = process.env.TEST_DATABASE_URL;
  const postgresTemplate = serverUrl ? `breachdesk_template_${randomBytes(6).toString("hex")}` : "";
  const teardown = async () => {
    await rm(dir, { recursive: true, force: true });
    if (postgresTemplate) await dropTestDatabase(postgresTemplate);
  };
  try {
    // The CLI bundle the tests' child processes run, built once here instead
    // of by the first test files of both workers at once.
    await cliNodeArgs();
    const tar = path.join(dir, "pglite.tar");
    const booted = path.join(dir, "pglite");
    await closeDb(await bootDb({ kind: "pglite", dataDir: booted, owner: "test templates" }));
    const dumper = await PGlite.create(booted);
    await writeFile(tar, Buffer.from(await (await dumper.dumpDataDir("none")).arrayBuffer()));
    await dumper.close();
    project.provide("pgliteTemplate", tar);

    if (serverUrl) {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${postgresTemplate}`);
        const url = new URL(serverUrl);
        url.pathname = `/${postgresTemplate}`;
        await closeDb(await bootDb({ kind: "postgres", url: url.toString() }));
        // A database is copied only while nobody is connected to it.
        await waitForNoConnections(admin, postgresTemplate);
      } finally {
        await admin.end();
      }
    }
    project.provide("postgresTemplate", postgresTemplate);
  } catch (error) {
    // What failed is the error to show, not the clean-up's own failure (a server that cannot be reached).
    await teardown().catch(() => undefined);
    throw error;
  }
  return teardown;
}
