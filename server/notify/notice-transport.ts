import net from "node:net";
import nodemailer from "nodemailer";
import MailComposer from "nodemailer/lib/mail-composer";
import type { SqlQueryable } from "../db/driver";
import type { NoticeMessage } from "../../lib/notify/notice-message";
import type { SmtpConfig } from "./notify-config";

/** What happened to one message: the relay's own answer is kept in every case. */
export type SendResult =
  | { status: "sent"; response: string }
  | { status: "deferred"; response: string }
  | { status: "bounced"; response: string };

type SendMeta = { incidentId: string; campaignId: string | null; test: boolean };

export interface NoticeTransport {
  readonly name: "smtp" | "outbox";
  /**
   * True when sending the same Message-ID twice delivers it once (the outbox
   * keys on it). Then a message whose sender died mid-send is simply sent
   * again; otherwise it is "in doubt" and never resent automatically.
   */
  readonly idempotent: boolean;
  send(message: NoticeMessage, meta: SendMeta): Promise<SendResult>;
  close(): void;
}

type SmtpError = Error & { responseCode?: number; response?: string; code?: string };

/** 5xx: the relay refused for good (bounced). 4xx or no answer at all (connection trouble): try again later. */
function classifySmtpError(error: SmtpError): SendResult {
  const response = (error.response ?? error.message ?? String(error)).slice(0, 1000);
  if (typeof error.responseCode === "number" && error.responseCode >= 500) return { status: "bounced", response };
  return { status: "deferred", response: error.responseCode ? response : `${error.code ?? "ERROR"}: ${response}` };
}

/**
 * Opens the pool's connections ourselves, with Nagle's algorithm off:
 * nodemailer writes a message's last line separately, and with Nagle that
 * write waits for the relay's delayed ACK (40 ms on Linux), so each
 * connection sent about 22 messages a second. With it off, one connection
 * sends about 950 a second to a local relay (measured, bench/notices.ts).
 */
function connectWithoutDelay(
  options: { host?: string; port?: number },
  callback: (error: Error | null, socketOptions?: { connection: net.Socket }) => void,
): void {
  const socket = net.connect({ host: options.host, port: options.port ?? 25, noDelay: true });
  const fail = (error: Error) => {
    socket.destroy();
    callback(error);
  };
  socket.setTimeout(30_000, () => fail(Object.assign(new Error("Connection timeout"), { code: "ETIMEDOUT" })));
  socket.once("error", fail);
  socket.once("connect", () => {
    socket.off("error", fail);
    socket.setTimeout(0);
    callback(null, { connection: socket });
  });
}

/** The company's relay through a pool of SMTP connections (nodemailer). */
export function smtpTransport(config: SmtpConfig, poolSize: number): NoticeTransport {
  const transporter = nodemailer.createTransport({
    pool: true,
    maxConnections: poolSize,
    maxMessages: Infinity,
    host: config.host,
    port: config.port,
    secure: config.tls === "implicit",
    requireTLS: config.tls === "starttls",
    ignoreTLS: config.tls === "none",
    auth: config.user ? { user: config.user, pass: config.password ?? "" } : undefined,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    getSocket: connectWithoutDelay,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    name: "smtp",
    idempotent: false,
    async send(message) {
      try {
        const info: { response?: string } = await transporter.sendMail(message.toTransport());
        return { status: "sent", response: String(info.response ?? "").slice(0, 1000) };
      } catch (error) {
        return classifySmtpError(error as SmtpError);
      }
    },
    close: () => transporter.close(),
  };
}

/** The whole message as it would go over the wire (RFC 5322), for the outbox. */
async function rawMessage(message: NoticeMessage): Promise<string> {
  const buffer = await new MailComposer({ ...message.toTransport() }).compile().build();
  return buffer.toString("utf8");
}

/**
 * No relay configured (the embedded default): the message is written to the
 * notice_outbox table, where staff with notices.read_outbox read it. Nothing
 * leaves the machine. Keyed by Message-ID, so writing it twice keeps one.
 */
export function outboxTransport(sql: SqlQueryable): NoticeTransport {
  return {
    name: "outbox",
    idempotent: true,
    async send(message, meta) {
      await sql.run(
        `INSERT INTO notice_outbox (incident_id, campaign_id, message_id, recipient, subject, raw, test)
         VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7) ON CONFLICT (message_id) DO NOTHING`,
        [meta.incidentId, meta.campaignId, message.messageId, message.to, message.subject, await rawMessage(message), meta.test],
      );
      return { status: "sent", response: "250 written to the local outbox" };
    },
    close: () => undefined,
  };
}
