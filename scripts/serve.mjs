// The app's HTTP server: Next's request handler behind a plain Node server
// that records each request's socket address (see peer-address.mjs).
//   node scripts/serve.mjs [--dev]   (PORT from the environment; all interfaces, like `next start`)
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { withPeerAddress } from "./peer-address.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);

const app = next({ dev, dir: root, port, hostname: "localhost" });
const handle = app.getRequestHandler();
await app.prepare();
const server = http.createServer(withPeerAddress((req, res) => handle(req, res)));
server.listen(port, () => console.error(`Ready on http://localhost:${port}`));
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections(); // keep-alive sockets would hold close() open
  });
}
