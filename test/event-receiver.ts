import http from "node:http";
import type { AddressInfo } from "node:net";

// A local receiver for outgoing events (Slack, Teams and generic webhooks
// speak the same HTTP POST of JSON), on a free port, with scripted faults:
// an error status, a 429 with Retry-After, or no answer at all (a timeout).

export type ReceivedRequest = { path: string; headers: http.IncomingHttpHeaders; body: string; json: unknown };
export type Fault = { status: number; retryAfter?: string } | { hang: true };

export type EventReceiver = {
  url(path: string): string;
  readonly host: string;
  received(path?: string): ReceivedRequest[];
  /** The next answers to `path`, in order; after them, 200 (Slack answers "ok"). */
  fail(path: string, ...faults: Fault[]): void;
  /** Resolves when `path` has received `n` requests in all. */
  waitFor(path: string, n: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
};

export async function startEventReceiver(): Promise<EventReceiver> {
  const requests: ReceivedRequest[] = [];
  const faults = new Map<string, Fault[]>();
  const waiters: (() => void)[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        json = null;
      }
      const path = req.url ?? "/";
      requests.push({ path, headers: req.headers, body, json });
      for (const wake of waiters.splice(0)) wake();
      const fault = faults.get(path)?.shift();
      if (fault && "hang" in fault) {
        hanging.add(res);
        return;
      }
      if (fault) {
        res.writeHead(fault.status, fault.retryAfter !== undefined ? { "retry-after": fault.retryAfter } : {});
        res.end("failing on purpose");
        return;
      }
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const received = (path?: string) => requests.filter((r) => path === undefined || r.path === path);
  return {
    host: "127.0.0.1",
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    fail: (path, ...list) => faults.set(path, [...(faults.get(path) ?? []), ...list]),
    async waitFor(path, n) {
      while (received(path).length < n) await new Promise<void>((resolve) => waiters.push(resolve));
      return received(path);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
