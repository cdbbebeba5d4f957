import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { OutboundTarget } from "../outbound-target";

export type PostAnswer = { status: number; retryAfter: string | null; body: string };

/**
 * POSTs a JSON body to the target, connecting to its checked address only
 * (the lookup is pinned: no second DNS answer can redirect the request), with
 * the host's own name for TLS and the Host header, no redirects followed, and
 * an overall timeout. Network errors and the timeout throw.
 */
export function postJson(
  target: OutboundTarget,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<PostAnswer> {
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: target.address, family: target.family },
      ]);
    } else {
      callback(null, target.address, target.family);
    }
  };
  const client = target.url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      target.url,
      {
        method: "POST",
        lookup: pinned,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body).toString(),
          "user-agent": "Breachdesk-Events/1",
          ...headers,
        },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          // Keep only the start of an answer: it is for the delivery log.
          if (size < 4096) chunks.push(chunk);
          size += chunk.length;
        });
        response.on("end", () => {
          clearTimeout(overall);
          const retryAfter = response.headers["retry-after"];
          resolve({
            status: response.statusCode ?? 0,
            retryAfter: typeof retryAfter === "string" ? retryAfter : null,
            body: Buffer.concat(chunks).toString("utf8").slice(0, 1000),
          });
        });
        response.on("error", reject);
      },
    );
    // The socket timeout counts idle time only: a receiver that trickles would
    // hold the delivery forever, so the whole exchange has a deadline too.
    const overall = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on("error", (error) => {
      clearTimeout(overall);
      reject(error);
    });
    request.end(body);
  });
}
