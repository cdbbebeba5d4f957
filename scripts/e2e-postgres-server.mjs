// The end-to-end tests' second app server, on PostgreSQL (used when
// TEST_DATABASE_URL names a server, as in CI): a fresh database on that
// server, migrated and seeded with the demo incident, served from the same
// build as the embedded one, so the authorisation matrix runs against both
// databases. The database is dropped when the server is stopped.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const serverUrl = process.env.TEST_DATABASE_URL;
if (!serverUrl) {
  console.error("e2e-postgres-server: TEST_DATABASE_URL is not set");
  process.exit(2);
}
const name = `breachdesk_e2e_${process.pid}_${Date.now()}`;
const url = new URL(serverUrl);
url.pathname = `/${name}`;
const env = { ...process.env, DATABASE_URL: url.toString(), NODE_ENV: "development" };

async function admin(sql) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

// The embedded server builds the app first; waiting for it keeps two builds
// from writing the same folder at once.
async function waitForBuild() {
  const first = process.env.BREACHDESK_E2E_FIRST_URL;
  for (let i = 0; first && i < 1200; i++) {
    try {
      if ((await fetch(`${first}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function run(args) {
  const result = spawnSync(process.execPath, [path.join(root, "bin", "breachdesk.mjs"), ...args], {
    cwd: root,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (result.status !== 0) throw new Error(`breachdesk ${args.join(" ")} failed (exit ${result.status})`);
}

await admin(`CREATE DATABASE ${name}`);
let server;
const stop = async () => {
  server?.kill("SIGTERM");
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
try {
  await waitForBuild();
  run(["db", "migrate"]);
  run(["db", "seed"]);
} catch (error) {
  console.error(`e2e-postgres-server: ${error.message}`);
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
  process.exit(1);
}
server = spawn(process.execPath, [path.join(root, "scripts", "serve.mjs")], { cwd: root, env: { ...env, NODE_ENV: "production" }, stdio: "inherit" });
server.on("exit", (code) => {
  admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    .catch(() => undefined)
    .finally(() => process.exit(code ?? 0));
});
