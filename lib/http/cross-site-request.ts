const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type RequestOriginFacts = {
  method: string;
  /** The request's own origin (scheme, host, port) as the server sees it. */
  ownOrigin: string;
  /** Origins the app is also reached at (its configured public URL). */
  trustedOrigins?: readonly string[];
  origin: string | null;
  secFetchSite: string | null;
};

/**
 * Why a cookie-authenticated, state-changing request must be refused as
 * cross-site, or null when it may proceed. A browser names the page that made
 * the request in `Sec-Fetch-Site` and `Origin`; anything but our own origin
 * (a sibling port or subdomain is another origin) is refused. A request with
 * neither header did not come from a browser page, so it carries no ambient
 * cookie an attacker could borrow.
 */
export function crossSiteRefusal(facts: RequestOriginFacts): string | null {
  if (SAFE_METHODS.has(facts.method.toUpperCase())) return null;
  const site = facts.secFetchSite?.toLowerCase() ?? null;
  if (site !== null && site !== "same-origin") return `Sec-Fetch-Site is ${site}`;
  if (facts.origin !== null) {
    const allowed = [facts.ownOrigin, ...(facts.trustedOrigins ?? [])].map(originOf);
    const origin = originOf(facts.origin);
    if (origin === null || !allowed.includes(origin)) return "Origin is not this app";
  }
  return null;
}

function originOf(value: string): string | null {
  if (value === "null") return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
  } catch {
    return null;
  }
}
