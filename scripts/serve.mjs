// The app's HTTP server: Next's request handler behind a plain Node server
// that records each request's socket address (see peer-address.mjs) and gives
// every page its Content-Security-Policy nonce, redirecting the signed-out to
// sign-in (see page-security.mjs).
//   node scripts/serve.mjs [--dev]   (PORT from the environment; all interfaces, like `next start`)
//
// One Node process renders pages on one core. On PostgreSQL the server runs
// one web process per core (BREACHDESK_WEB_PROCESSES, default: every core),
// sharing the port through node:cluster. Everything a request needs across
// processes lives in the database (sessions, sign-in throttle, API rate
// limits, idempotency records, imports' progress). Only the first process
// runs the in-process worker, so bulk actions and notices keep one rate
// limit towards the exchange and the SMTP relay. The embedded database
// (PGlite) belongs to one process, so it always runs one.
import cluster from "node:cluster";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { applyPageSecurity } from "./page-security.mjs";
import { withPeerAddress } from "./peer-address.mjs";
import { createLimitedServer, serverLimits } from "./server-limits.mjs";
import { WEB_NODE_FLAGS } from "./web-node-flags.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);

function webProcesses() {
  if (dev || !process.env.DATABASE_URL) return 1;
  const configured = process.env.BREACHDESK_WEB_PROCESSES;
  if (configured === undefined || configured === "") return os.availableParallelism();
  const count = Number(configured);
  if (!Number.isInteger(count) || count < 1 || count > 256) {
    console.error(`BREACHDESK_WEB_PROCESSES must be a whole number from 1 to 256 (got "${configured}").`);
    process.exit(2);
  }
  return count;
}

function limits() {
  try {
    return serverLimits();
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
}

// On PGlite this one process holds the database and runs bulk actions over a
// million accounts: it takes a buffer cache of 512 MB (PGlite's default is 128)
// when the machine has at least 8 GB, a sixteenth of its memory otherwise.
if (!process.env.DATABASE_URL && !process.env.BREACHDESK_PGLITE_SHARED_BUFFERS_MB) {
  const sixteenth = Math.floor(os.totalmem() / 16 / 2 ** 20);
  process.env.BREACHDESK_PGLITE_SHARED_BUFFERS_MB = String(Math.max(128, Math.min(512, sixteenth)));
}

const processes = webProcesses();
const serverLimitsInUse = limits();
if (processes > 1 && cluster.isPrimary) superviseWebProcesses(processes);
else await serve();

async function serve() {
  const app = next({ dev, dir: root, port, hostname: "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();
  // Timeouts against slow clients, and the limits beside them: server-limits.mjs.
  const server = createLimitedServer(
    serverLimitsInUse,
    withPeerAddress((req, res) => (applyPageSecurity(req, res, { dev }) ? undefined : handle(req, res))),
  );
  server.on("error", (error) => {
    console.error(
      error.code === "EADDRINUSE"
        ? `Port ${port} is in use by another program: set PORT to a free one.`
        : error.message,
    );
    process.exit(1);
  });
  server.listen(port, () => {
    if (cluster.isPrimary || process.env.BREACHDESK_WEB_PROCESS_INDEX === "0")
      console.error(`Ready on http://localhost:${port}${processes > 1 ? ` (${processes} web processes)` : ""}`);
  });
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      server.close(() => process.exit(0));
      server.closeAllConnections(); // keep-alive sockets would hold close() open
    });
  }
}

/**
 * The primary process: forks the web processes and replaces one that dies.
 * A process that dies within 10 s of starting is not replaced (a broken
 * configuration would fork forever): the whole server stops, with its code.
 */
function superviseWebProcesses(count) {
  let stopping = false;
  cluster.setupPrimary({ execArgv: [...new Set([...process.execArgv, ...WEB_NODE_FLAGS])] });
  const fork = (index) => {
    const env = { BREACHDESK_WEB_PROCESS_INDEX: String(index) };
    if (index > 0) env.BREACHDESK_WORKER = "off";
    const worker = cluster.fork(env);
    const startedAt = Date.now();
    worker.on("exit", (code, signal) => {
      if (stopping) return;
      if (Date.now() - startedAt < 10_000) {
        console.error(
          `Web process ${index} stopped while starting (${signal ?? `exit ${code}`}); stopping the server.`,
        );
        stop(code || 1);
        return;
      }
      console.error(`Web process ${index} stopped (${signal ?? `exit ${code}`}); starting another.`);
      fork(index);
    });
  };
  const stop = (code) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    cluster.disconnect(() => process.exit(code));
  };
  for (let i = 0; i < count; i++) fork(i);
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stop(0));
}
