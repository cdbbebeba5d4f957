import { randomBytes } from "node:crypto";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { bootDb } from "../server/boot";
import { closeDb } from "../server/db";
import { dropTestDatabase, waitForNoConnections, type TestDbKind } from "./db";
// Importing run-cli builds the CLI bundle the tests' child processes run
// (scripts/cli-bundle.mjs), once, here: the workers then find it fresh
// instead of the first test files of both building it at once.
import { breachdesk } from "./run-cli";

// Migrated databases that every integration test's database starts as
// (test/db.ts), made once per run: a new PGlite otherwise runs initdb (about
// 1.3 s of a two-core machine) and a new PostgreSQL database every migration,
// once for each of the hundred-odd databases the tests open. Both are made by
// bootDb, as a test's own database was, so the template is exactly what the
// migrations produce (test/migrations.int.test.ts checks that schema).
//
// The dozen files that read the demo incident (openDemoDb) start from a second
// pair with the demo seeded as well: seeding takes about 5 s on either
// database, for every database those files open, where copying a template
// takes 0.2 s (PostgreSQL) or 1 s (PGlite). That pair costs 15 to 20 s to
// make, which a run of files that never read the demo should not pay: it is
// made on the first request for it, over HTTP from the test workers to this
// process (the request is answered once the template is ready).
// server/seed/seed-demo.int.test.ts still seeds from scratch.

declare module "vitest" {
  export interface ProvidedContext {
    /** A tar of a migrated PGlite data folder (PGlite's dumpDataDir). */
    pgliteTemplate: string;
    /** A migrated database on TEST_DATABASE_URL's server, or "" without one. */
    postgresTemplate: string;
    /**
     * Where the demo templates are asked for: GET <url>/pglite answers the
     * path of a tar, GET <url>/postgres a database name (test/db.ts).
     */
    demoTemplates: string;
  }
}

async function dumpPglite(dataDir: string, tar: string): Promise<void> {
  const dumper = await PGlite.create(dataDir);
  try {
    await writeFile(tar, Buffer.from(await (await dumper.dumpDataDir("none")).arrayBuffer()));
  } finally {
    await dumper.close();
  }
}

/** `breachdesk db seed` in a child process, so that the two databases' seeds can use both cores. */
async function seedDemoWithCli(env: Record<string, string>): Promise<void> {
  const run = await breachdesk({ NODE_ENV: "test", ...env }, ["db", "seed"]);
  if (run.code !== 0) throw new Error(`breachdesk db seed failed for the demo template (${run.code ?? run.signal}):\n${run.stderr}`);
}

function serverDatabaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The audit key the tests run with signs the template's audit head, as it would a fresh database's.
  Object.assign(process.env, project.config.env);
  const dir = await mkdtemp(path.join(tmpdir(), "breachdesk-test-templates-"));
  const serverUrl = process.env.TEST_DATABASE_URL;
  const suffix = randomBytes(6).toString("hex");
  const postgresTemplate = serverUrl ? `breachdesk_template_${suffix}` : "";
  const postgresDemoTemplate = `breachdesk_template_demo_${suffix}`;
  const booted = path.join(dir, "pglite");

  // Each made once, on its first request; a failure is answered to every request.
  const demo: Record<TestDbKind, () => Promise<string>> = {
    pglite: once(async () => {
      const folder = path.join(dir, "pglite-demo");
      const tar = path.join(dir, "pglite-demo.tar");
      await cp(booted, folder, { recursive: true });
      await seedDemoWithCli({ DATABASE_URL: "", BREACHDESK_DATA_DIR: folder });
      await dumpPglite(folder, tar);
      return tar;
    }),
    postgres: once(async () => {
      if (!serverUrl) throw new Error("TEST_DATABASE_URL is not set");
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${postgresDemoTemplate} TEMPLATE ${postgresTemplate}`);
        await seedDemoWithCli({ DATABASE_URL: serverDatabaseUrl(serverUrl, postgresDemoTemplate) });
        await waitForNoConnections(admin, postgresDemoTemplate);
      } finally {
        await admin.end();
      }
      return postgresDemoTemplate;
    }),
  };
  const demoServer = http.createServer((request, response) => {
    // One request per connection. A worker asks again after tests that ran
    // PGlite on its own thread, so fetch's timer for dropping an idle
    // connection may not have run for longer than this server keeps one: the
    // next request went out on a connection this server had closed ("fetch
    // failed: other side closed").
    response.setHeader("connection", "close");
    const kind = request.url?.slice(1);
    if (kind !== "pglite" && kind !== "postgres") {
      response.writeHead(404).end(`No demo template for ${request.url}`);
      return;
    }
    demo[kind]().then(
      (where) => response.writeHead(200, { "content-type": "text/plain" }).end(where),
      (error: unknown) => response.writeHead(500, { "content-type": "text/plain" }).end(String(error)),
    );
  });

  const teardown = async () => {
    await new Promise((resolve) => demoServer.close(resolve));
    await rm(dir, { recursive: true, force: true });
    if (serverUrl) {
      // The demo template first: it is a copy of the other.
      await dropTestDatabase(postgresDemoTemplate);
      await dropTestDatabase(postgresTemplate);
    }
  };
  try {
    const tar = path.join(dir, "pglite.tar");
    await closeDb(await bootDb({ kind: "pglite", dataDir: booted, owner: "test templates" }));
    await dumpPglite(booted, tar);
    project.provide("pgliteTemplate", tar);

    if (serverUrl) {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${postgresTemplate}`);
        await closeDb(await bootDb({ kind: "postgres", url: serverDatabaseUrl(serverUrl, postgresTemplate) }));
        // A database is copied only while nobody is connected to it.
        await waitForNoConnections(admin, postgresTemplate);
      } finally {
        await admin.end();
      }
    }
    project.provide("postgresTemplate", postgresTemplate);

    await new Promise<void>((resolve, reject) => demoServer.once("error", reject).listen(0, "127.0.0.1", resolve));
    project.provide("demoTemplates", `http://127.0.0.1:${(demoServer.address() as AddressInfo).port}`);
  } catch (error) {
    // What failed is the error to show, not the clean-up's own failure (a server that cannot be reached).
    await teardown().catch(() => undefined);
    throw error;
  }
  return teardown;
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}
