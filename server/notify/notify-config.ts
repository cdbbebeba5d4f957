import "server-only";
import { env } from "../env";

export type SmtpConfig = {
  host: string;
  port: number;
  tls: "implicit" | "starttls" | "none";
  user?: string;
  password?: string;
};

export type NotifyConfig = {
  /** Null: no relay configured; messages go to the local outbox. */
  smtp: SmtpConfig | null;
  from: string;
  replyTo: string | null;
  ratePerSecond: number;
  poolSize: number;
  maxAttempts: number;
  retryBaseSeconds: number;
  batchSize: number;
  senderLoops: number;
};

/** The notice settings in force (environment, see docs/notices.md). */
export function notifyConfig(): NotifyConfig {
  const e = env();
  return {
    smtp: e.BREACHDESK_SMTP_HOST
      ? {
          host: e.BREACHDESK_SMTP_HOST,
          port: e.BREACHDESK_SMTP_PORT,
          tls: e.BREACHDESK_SMTP_TLS,
          user: e.BREACHDESK_SMTP_USER,
          password: e.BREACHDESK_SMTP_PASSWORD,
        }
      : null,
    from: e.BREACHDESK_NOTICE_FROM,
    replyTo: e.BREACHDESK_NOTICE_REPLY_TO ?? null,
    ratePerSecond: e.BREACHDESK_SMTP_RATE_PER_SECOND,
    poolSize: e.BREACHDESK_SMTP_POOL_SIZE,
    maxAttempts: e.BREACHDESK_SMTP_MAX_ATTEMPTS,
    retryBaseSeconds: e.BREACHDESK_SMTP_RETRY_BASE_SECONDS,
    batchSize: e.BREACHDESK_NOTICE_BATCH_SIZE,
    senderLoops: e.BREACHDESK_NOTICE_SENDER_LOOPS,
  };
}
