import { request as httpsRequest } from "node:https";
import { connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { elasticBulkBody, elasticBulkFailure, hecBody } from "../../lib/siem/collector-bodies";
import type { ForwardedEntry } from "../../lib/siem/forwarded-entry";
import { octetCounted, syslogMessage } from "../../lib/siem/syslog";

// Sending one batch to one receiver. Resolves once the receiver has taken the
// whole batch (a syslog peer closed the connection after reading it all; a
// collector answered 2xx with no refused item); rejects otherwise, with the
// receiver's Retry-After when it gave one.

export type Receiver =
  | { kind: "syslog_tcp" | "syslog_tls"; host: string; port: number; caPem: string | null }
  | { kind: "splunk_hec" | "elastic_bulk"; url: string; caPem: string | null; token: string | null };

export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

const TIMEOUT_MS = 30_000;

export function deliverBatch(
  receiver: Receiver,
  entries: readonly ForwardedEntry[],
  hostname: string,
  signal?: AbortSignal,
): Promise<void> {
  if ("url" in receiver) return sendCollector(receiver, entries, hostname, signal);
  return sendSyslog(receiver, entries, hostname, signal);
}

/**
 * One connection per batch: write every frame, half-close, and wait for the
 * peer to close in turn. rsyslog closes after reading to the end, so the
 * close says every frame reached it (TCP's own acknowledgement says only that
 * the kernel has the bytes).
 */
function sendSyslog(
  receiver: Extract<Receiver, { kind: "syslog_tcp" | "syslog_tls" }>,
  entries: readonly ForwardedEntry[],
  hostname: string,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const payload = Buffer.concat(entries.map((entry) => octetCounted(syslogMessage(entry, hostname))));
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      if (error) {
        socket.destroy();
        reject(error instanceof DeliveryError ? error : new DeliveryError(error.message));
      } else resolve();
    };
    const onAbort = () => finish(new DeliveryError("The lease was lost while sending"));
    const write = () => {
      socket.end(payload);
    };
    const socket: Socket =
      receiver.kind === "syslog_tls"
        ? tlsConnect(
            {
              host: receiver.host,
              port: receiver.port,
              ...(receiver.caPem ? { ca: [receiver.caPem] } : {}),
              servername: /^[\d.:]+$/.test(receiver.host) ? undefined : receiver.host,
            },
            write,
          )
        : netConnect({ host: receiver.host, port: receiver.port }, write);
    const timer = setTimeout(
      () => finish(new DeliveryError("The syslog receiver did not close the connection in time")),
      TIMEOUT_MS,
    );
    socket.on("data", () => undefined);
    socket.on("error", (error) => finish(error));
    // Every byte handed to the kernel ("finish") before the peer's close: a peer that closed early took less than the batch.
    let flushed = false;
    socket.on("finish", () => (flushed = true));
    socket.on("close", (hadError) =>
      hadError || !flushed
        ? finish(new DeliveryError("The syslog connection closed before the batch was sent"))
        : finish(),
    );
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function retryAfter(value: string | string[] | undefined): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  const seconds = Number(text);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, (at - Date.now()) / 1000);
}

function sendCollector(
  receiver: Extract<Receiver, { kind: "splunk_hec" | "elastic_bulk" }>,
  entries: readonly ForwardedEntry[],
  hostname: string,
  signal?: AbortSignal,
): Promise<void> {
  const hec = receiver.kind === "splunk_hec";
  const base = receiver.url.replace(/\/+$/, "");
  const url = new URL(hec ? `${base}/services/collector/event` : `${base}/_bulk`);
  const body = hec ? hecBody(entries, hostname) : elasticBulkBody(entries);
  const headers: Record<string, string> = {
    "content-type": hec ? "application/json" : "application/x-ndjson",
    "content-length": String(Buffer.byteLength(body)),
  };
  if (receiver.token) headers.authorization = hec ? `Splunk ${receiver.token}` : `ApiKey ${receiver.token}`;
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      { method: "POST", headers, ...(receiver.caPem ? { ca: [receiver.caPem] } : {}), signal, timeout: TIMEOUT_MS },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", (error) => reject(new DeliveryError(error.message)));
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString("utf8");
          if (status < 200 || status >= 300) {
            reject(new DeliveryError(`HTTP ${status}: ${text.slice(0, 200)}`, retryAfter(res.headers["retry-after"])));
            return;
          }
          if (hec) return resolve();
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            reject(new DeliveryError("The _bulk response is not JSON"));
            return;
          }
          const failure = elasticBulkFailure(parsed, entries.length);
          if (failure) reject(new DeliveryError(`Elastic refused ${failure}`));
          else resolve();
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error("The collector did not answer in time")));
    req.on("error", (error) => reject(error instanceof DeliveryError ? error : new DeliveryError(error.message)));
    req.end(body);
  });
}
