import { createServer, type Server } from "node:https";
import type { SelfSignedCert } from "./self-signed-cert";

// A local HTTPS collector speaking Splunk's HTTP Event Collector
// (`POST /services/collector/event`, `Authorization: Splunk <token>`) and
// Elastic's `_bulk` (`POST /<index>/_bulk`, NDJSON `create` + document, an
// answer per item), with faults the test queues: a status (503, 429 with
// Retry-After) for the next requests, or one refused item in the next _bulk.

export type Fault = { status: number; retryAfter?: string } | { itemError: string };

export type Collector = {
  url: string;
  token: string;
  /** Every HEC event as received (JSON lines, as a SIEM would export them), in arrival order. */
  hecLines: string[];
  /** Elastic's index: documents by _id, and the order they were first stored in. */
  elastic: Map<string, Record<string, unknown>>;
  elasticOrder: string[];
  requests: { path: string; status: number }[];
  fail(...faults: Fault[]): void;
  close(): Promise<void>;
};

export async function startCollector(cert: SelfSignedCert, token = "hec-test-token"): Promise<Collector> {
  const faults: Fault[] = [];
  const collector = {
    url: "",
    token,
    hecLines: [] as string[],
    elastic: new Map<string, Record<string, unknown>>(),
    elasticOrder: [] as string[],
    requests: [] as { path: string; status: number }[],
    fail: (...more: Fault[]) => void faults.push(...more),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer({ cert: cert.cert, key: cert.key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const path = req.url ?? "";
      const answer = (status: number, json: unknown, headers: Record<string, string> = {}) => {
        collector.requests.push({ path, status });
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(json));
      };
      const fault = faults[0];
      if (fault && "status" in fault) {
        faults.shift();
        return answer(
          fault.status,
          { text: "Server is busy", code: 9 },
          fault.retryAfter ? { "retry-after": fault.retryAfter } : {},
        );
      }
      if (req.method === "POST" && path === "/services/collector/event") {
        if (req.headers.authorization !== `Splunk ${token}`) return answer(401, { text: "Invalid token", code: 4 });
        for (const line of body.split("\n").filter(Boolean)) {
          const event = JSON.parse(line) as { event?: unknown };
          if (!event.event) return answer(400, { text: "Event field is required", code: 12 });
          collector.hecLines.push(line);
        }
        return answer(200, { text: "Success", code: 0 });
      }
      if (req.method === "POST" && path.endsWith("/_bulk")) {
        if (req.headers.authorization !== `ApiKey ${token}`) return answer(401, { error: "unauthorized" });
        const lines = body.split("\n").filter(Boolean);
        const refuse = fault && "itemError" in fault ? (faults.shift(), fault.itemError) : null;
        const items: unknown[] = [];
        for (let i = 0; i < lines.length; i += 2) {
          const action = JSON.parse(lines[i]!) as { create: { _id: string } };
          const id = action.create._id;
          if (refuse && i === 0) {
            items.push({ create: { _id: id, status: 400, error: { type: refuse, reason: "injected" } } });
          } else if (collector.elastic.has(id)) {
            items.push({ create: { _id: id, status: 409, error: { type: "version_conflict_engine_exception" } } });
          } else {
            collector.elastic.set(id, JSON.parse(lines[i + 1]!) as Record<string, unknown>);
            collector.elasticOrder.push(id);
            items.push({ create: { _id: id, status: 201, result: "created" } });
          }
        }
        const errors = items.some((item) => (item as { create: { status: number } }).create.status >= 300);
        return answer(200, { took: 1, errors, items });
      }
      return answer(404, { text: "Not found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  collector.url = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
  return collector;
}
