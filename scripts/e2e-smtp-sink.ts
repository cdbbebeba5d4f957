// The e2e run's SMTP server: a real one (smtp-server, test/smtp-sink.ts) on
// E2E_SMTP_PORT that the app under test is configured to send through, plus
// a small HTTP server on E2E_SMTP_HTTP_PORT from which the tests read what it
// received (GET /messages, GET /count) and Playwright learns it is up (GET /health).
// The notices benchmark runs it too.
import { createServer } from "node:http";
import { startSmtpSink } from "../test/smtp-sink";

const smtpPort = Number(process.env.E2E_SMTP_PORT);
const httpPort = Number(process.env.E2E_SMTP_HTTP_PORT);
if (!smtpPort || !httpPort) throw new Error("Set E2E_SMTP_PORT and E2E_SMTP_HTTP_PORT.");

const sink = await startSmtpSink({ port: smtpPort, keepRaw: process.env.E2E_SMTP_KEEP_RAW !== "0" });
const http = createServer((request, response) => {
  // One request per connection: a client never reuses a socket this server already closed.
  response.setHeader("Connection", "close");
  if (request.url === "/health") {
    response.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
    return;
  }
  if (request.url?.startsWith("/count")) {
    // ?from=N: the messages received since the first N (the benchmark's runs share the server);
    // &skip=K: firstAt is the K+1th of those (the first ones wait for their connection's set-up).
    const query = new URL(request.url, "http://sink").searchParams;
    const messages = sink.received.slice(Number(query.get("from") ?? 0));
    const skip = Number(query.get("skip") ?? 0);
    const body = {
      messages: messages.length,
      recipients: messages.reduce((sum, m) => sum + m.rcptTo.length, 0),
      distinct: new Set(messages.flatMap((m) => m.rcptTo)).size,
      firstAt: messages[skip]?.at ?? null,
      lastAt: messages.at(-1)?.at ?? null,
    };
    response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(body));
    return;
  }
  if (request.url === "/messages") {
    const body = JSON.stringify(sink.received.map(({ mailFrom, rcptTo, raw }) => ({ mailFrom, rcptTo, raw })));
    response.writeHead(200, { "Content-Type": "application/json" }).end(body);
    return;
  }
  response.writeHead(404).end();
});
http.listen(httpPort, "127.0.0.1");
const stop = () => {
  http.close();
  void sink.close().then(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
