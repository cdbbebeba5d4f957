import { execFileSync } from "node:child_process";

// Playwright's config must be synchronous, and net.Server.listen is not: a
// child Node process binds the port (0 = any free one), reports it and exits.
const PROBE = `
const server = require("node:net").createServer();
server.once("error", (error) => { process.stdout.write("busy:" + error.code); process.exit(0); });
server.listen(Number(process.argv[1]), "127.0.0.1", () => {
  const { port } = server.address();
  server.close(() => process.stdout.write("free:" + port));
});`;

function probe(port: number): { free: boolean; port: number; detail: string } {
  const out = execFileSync(process.execPath, ["-e", PROBE, String(port)], { encoding: "utf8" }).trim();
  const [state, value = ""] = out.split(":");
  return { free: state === "free", port: state === "free" ? Number(value) : port, detail: value };
}

/**
 * The port for the e2e server: the one asked for (failing with a message
 * naming it if another program holds it), or any free one.
 */
export function e2ePort(requested: string | undefined): number {
  if (requested) {
    const port = Number(requested);
    if (!Number.isInteger(port) || port <= 0 || port > 65_535)
      throw new Error(`E2E_PORT=${requested} is not a port number.`);
    const result = probe(port);
    if (!result.free) {
      throw new Error(
        `E2E_PORT ${port} is in use by another program (${result.detail}); free it or unset E2E_PORT to pick a free port.`,
      );
    }
    return port;
  }
  return probe(0).port;
}
