import "server-only";
import { crossSiteRefusal } from "../../lib/http/cross-site-request";
import { env } from "../env";
import { AppError } from "../errors";

/**
 * Throws FORBIDDEN for a state-changing request that a page of another origin
 * made (CSRF). For cookie-authenticated route handlers; API-token requests do
 * not ride on ambient credentials and do not come through here.
 */
export function refuseCrossSiteRequest(request: Request): void {
  const publicUrl = env().NEXTAUTH_URL;
  const reason = crossSiteRefusal({
    method: request.method,
    ownOrigin: new URL(request.url).origin,
    trustedOrigins: publicUrl ? [publicUrl] : [],
    origin: request.headers.get("origin"),
    secFetchSite: request.headers.get("sec-fetch-site"),
  });
  if (reason) throw new AppError("FORBIDDEN", "Cross-site request refused.");
}
