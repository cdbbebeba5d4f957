import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerAddress } from "smtp-server";

// A real SMTP server (the smtp-server package) on a free local port, for the
// tests, the e2e run and the benchmark: it speaks the protocol, records every
// accepted message with its envelope, and can answer chosen recipients with a
// temporary (4xx) or permanent (5xx) refusal.

export type ReceivedMessage = {
  mailFrom: string;
  rcptTo: string[];
  raw: string;
  /** performance.now() when the DATA was accepted (for the rate-limit test's lower bound). */
  at: number;
};

/** Per recipient and attempt (1 for the first RCPT TO of that address): null accepts. */
export type RecipientPolicy = (address: string, attempt: number) => { code: number; message: string } | null;

export type SmtpSink = {
  port: number;
  received: ReceivedMessage[];
  /** RCPT TO commands seen per address, accepted or not. */
  attempts: Map<string, number>;
  setPolicy(policy: RecipientPolicy | null): void;
  clear(): void;
  close(): Promise<void>;
};

export async function startSmtpSink(options: { port?: number; keepRaw?: boolean } = {}): Promise<SmtpSink> {
  const received: ReceivedMessage[] = [];
  const attempts = new Map<string, number>();
  let policy: RecipientPolicy | null = null;
  const keepRaw = options.keepRaw ?? true;
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    size: 10 * 1024 * 1024,
    maxClients: 1000,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const n = (attempts.get(address.address) ?? 0) + 1;
      attempts.set(address.address, n);
      const refusal = policy?.(address.address, n) ?? null;
      if (refusal) {
        const error = new Error(refusal.message) as Error & { responseCode: number };
        error.responseCode = refusal.code;
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => {
        if (keepRaw) chunks.push(chunk);
      });
      stream.on("end", () => {
        received.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          at: performance.now(),
        });
        callback(null, "Queued as sink");
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    attempts,
    setPolicy: (p) => {
      policy = p;
    },
    clear() {
      received.length = 0;
      attempts.clear();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
