// The e2e run's SMTP server: a real one (smtp-server, test/smtp-sink.ts) on
// E2E_SMTP_PORT that the app under test is configured to send through, plus
// a small HTTP server on E2E_SMTP_HTTP_PORT from which the tests read what it
// received (GET /messages) and Playwright learns it is up (GET /health).
import { createServer } from "node:http";
import { startSmtpSink } from "../test/smtp-sink";

const smtpPort = Number(process.env.E2E_SMTP_PORT);
const httpPort = Number(process.env.E2E_SMTP_HTTP_PORT);
if (!smtpPort || !httpPort) throw new Error("Set E2E_SMTP_PORT and E2E_SMTP_HTTP_PORT.");

const sink = await startSmtpSink({ port: smtpPort });
const http = createServer((request, response) => {
  if (request.url === "/health") {
    response.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
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
