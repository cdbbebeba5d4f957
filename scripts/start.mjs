// `npm start`: build when the sources changed, bring the database schema up to
// date, seed the demo incident on the embedded database, then serve.
//   --dev     serve with `next dev` instead of a production build
//   --fresh   wipe BREACHDESK_DATA_DIR first (used by the e2e tests)
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { WEB_NODE_FLAGS } from "./web-node-flags.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = new Set(process.argv.slice(2));
const dev = args.has("--dev");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
env.PORT ??= "3000";
env.NEXTAUTH_URL ??= `http://localhost:${env.PORT}`;
const dataDir = path.resolve(root, env.BREACHDESK_DATA_DIR ?? ".data");

function run(label, command, commandArgs, extraEnv = {}) {
  console.error(`\n▸ ${label}`);
  const result = spawnSync(command, commandArgs, {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...env, ...extraEnv },
  });
  if (result.status !== 0) {
    console.error(`✖ ${label} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}

function newestMtime(target) {
  let newest = 0;
  const stack = [target];
  while (stack.length) {
    const current = stack.pop();
    let stat;
    try {
      stat = fs.statSync(current);
    } catch {
      continue;
    }
    if (stat.isDirectory()) {
      if (/node_modules|^\.next|generated|\.data/.test(path.basename(current))) continue;
      for (const entry of fs.readdirSync(current)) stack.push(path.join(current, entry));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  }
  return newest;
}

function buildIsStale() {
  let built;
  try {
    built = fs.statSync(path.join(root, env.NEXT_DIST_DIR || ".next", "BUILD_ID")).mtimeMs;
  } catch {
    return true;
  }
  const sources = [
    "app",
    "components",
    "lib",
    "server",
    "types",
    "public",
    "next.config.js",
    "package-lock.json",
    "postcss.config.mjs",
  ];
  return sources.some((source) => newestMtime(path.join(root, source)) > built);
}

if (args.has("--fresh")) fs.rmSync(dataDir, { recursive: true, force: true });

const embedded = !env.DATABASE_URL;
if (!dev && buildIsStale())
  run(
    "Building the app (first start, or sources changed)",
    process.execPath,
    [path.join(root, "node_modules/next/dist/bin/next"), "build"],
    { NODE_ENV: "production" },
  );
run(`Migrating the ${embedded ? `embedded database (${dataDir})` : "PostgreSQL database"}`, process.execPath, [
  path.join(root, "bin/breachdesk.mjs"),
  "db",
  "migrate",
]);
if (embedded && env.NODE_ENV !== "production" && env.BREACHDESK_DEMO !== "off") {
  // The seed refuses demo staff under NODE_ENV=production; the server (below) is
  // started in production mode only after this step.
  run("Seeding the demo incident (skipped when already there)", process.execPath, [
    path.join(root, "bin/breachdesk.mjs"),
    "db",
    "seed",
  ]);
}

console.error(`\n▸ Breachdesk on http://localhost:${env.PORT}\n`);
// Our own server around Next's handler (scripts/serve.mjs), so that the app
// knows each request's socket address (the sign-in throttle counts by it).
const server = spawn(
  process.execPath,
  [...WEB_NODE_FLAGS, path.join(root, "scripts/serve.mjs"), ...(dev ? ["--dev"] : [])],
  {
    cwd: root,
    stdio: "inherit",
    env: { ...env, NODE_ENV: dev ? "development" : "production" },
  },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
