import { NextResponse } from "next/server";
import { clientIp, PEER_ADDRESS_HEADER } from "@/lib/net/client-ip";
import { getDb } from "@/server/db";
import { env } from "@/server/env";
import { isAppError } from "@/server/errors";
import { readLimitedText } from "@/server/http/read-limited-body";
import { log, requestIdFrom } from "@/server/log";
import { receiveExchangeWebhook } from "@/server/webhooks/receive-exchange-webhook";

export const dynamic = "force-dynamic";

/** A delivery is at most 1,000 events: well under this. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/**
 * Events from the exchange (docs/provider-api.md, "Webhooks"). No session:
 * the request's signature is its authentication (server/webhooks/).
 */
export async function POST(request: Request) {
  const headers = { "Cache-Control": "no-store" };
  try {
    const body = await readLimitedText(request, MAX_BODY_BYTES);
    const url = new URL(request.url);
    const reply = await receiveExchangeWebhook(await getDb(), {
      method: request.method,
      path: url.pathname + url.search,
      headers: request.headers,
      body,
      remoteIp: clientIp({
        peer: request.headers.get(PEER_ADDRESS_HEADER),
        forwardedFor: request.headers.get("x-forwarded-for"),
        trustedProxies: env().BREACHDESK_TRUSTED_PROXIES,
      }),
    });
    return NextResponse.json(reply.body, { status: reply.status, headers: { ...headers, ...reply.headers } });
  } catch (error) {
    if (isAppError(error))
      return NextResponse.json(
        { error: { code: error.code.toLowerCase(), message: error.message } },
        { status: error.status, headers },
      );
    const requestId = requestIdFrom(request.headers);
    log.error("webhook.unexpected_error", error, { requestId, route: "POST /api/v1/webhooks/exchange" });
    // 500: the exchange retries the delivery later (nothing of it was recorded).
    return NextResponse.json(
      { error: { code: "internal_error", message: `Internal error (reference ${requestId}); retry later.` } },
      { status: 500, headers },
    );
  }
}
