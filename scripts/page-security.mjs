// What the app's HTTP server (serve.mjs) does to every page request before
// Next's handler sees it. Here rather than in a Next proxy (middleware), which
// cost about 2.5 ms of CPU per page: a NextRequest built, the adapter run,
// headers merged.
import { randomBytes } from "node:crypto";

/**
 * The Content-Security-Policy of every page: scripts only from this origin
 * and only with the request's nonce (Next adds it to its own scripts, read
 * from the request's CSP header); styles may be inline (Recharts and Next set
 * style attributes); no framing, no <base> or form posts elsewhere.
 * @param {{ nonce: string; dev: boolean; https: boolean }} input
 * @returns {string}
 */
export function contentSecurityPolicy(input) {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${input.nonce}' 'strict-dynamic'${input.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${input.dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(input.https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** HSTS, sent only on responses served over https (browsers ignore it on http anyway). */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/**
 * A nonce per response: 128 random bits, base64.
 * @returns {string}
 */
export function newNonce() {
  return randomBytes(16).toString("base64");
}

// Every page. Not route handlers under /api (they answer 401 themselves, and
// uploads must stream through untouched), nor static files.
const NOT_PAGES = ["/api/", "/_next/static", "/_next/image", "/favicon.ico", "/icon.svg"];

/** @param {string} pathname */
function isSignInPage(pathname) {
  return pathname === "/login" || pathname.startsWith("/login/");
}

// next-auth's session cookie, under its https name too, and the chunks it
// splits a large one into (`<name>.0`, `<name>.1`, ...).
const SESSION_COOKIE = /^(__Secure-)?next-auth\.session-token(\.\d+)?$/;

/** @param {string | undefined} cookieHeader */
function hasSessionCookie(cookieHeader) {
  return (cookieHeader ?? "").split(";").some((pair) => {
    const at = pair.indexOf("=");
    return at > 0 && SESSION_COOKIE.test(pair.slice(0, at).trim()) && pair.slice(at + 1).trim() !== "";
  });
}

/** @param {import("node:http").IncomingMessage} req */
function isHttps(req) {
  const socket = /** @type {import("node:tls").TLSSocket} */ (req.socket);
  const forwarded = req.headers["x-forwarded-proto"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  return socket.encrypted === true || first === "https";
}

/**
 * For every page request (sign-in included), before Next's handler:
 * - a Content-Security-Policy with a fresh script nonce, on the response and
 *   on the request (Next reads the nonce from there and puts it on its own
 *   scripts), and HSTS over https;
 * - a convenience redirect of signed-out visitors to sign-in, for page loads
 *   (GET, HEAD) without a session cookie. Its mere presence is enough: every
 *   page, server action and route handler checks the session and permission
 *   itself (server/auth/session.ts), so getting past this grants nothing.
 *   Other methods (server actions) reach Next, which refuses a signed-out caller.
 * Returns true when it answered the request (the redirect).
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 * @param {{ dev: boolean }} options
 * @returns {boolean}
 */
export function applyPageSecurity(req, res, { dev }) {
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  const pathname = query === -1 ? url : url.slice(0, query);
  if (NOT_PAGES.some((prefix) => pathname.startsWith(prefix))) return false;

  const https = isHttps(req);
  const policy = contentSecurityPolicy({ nonce: newNonce(), dev, https });
  res.setHeader("Content-Security-Policy", policy);
  if (https) res.setHeader("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);

  const pageLoad = req.method === "GET" || req.method === "HEAD";
  if (pageLoad && !isSignInPage(pathname) && !hasSessionCookie(req.headers.cookie)) {
    const target = query === url.length - 1 ? pathname : url; // "/?" is "/"
    const search = target === "/" ? "" : `?${new URLSearchParams({ callbackUrl: target })}`;
    res.writeHead(307, { Location: `/login${search}` });
    res.end();
    return true;
  }
  req.headers["content-security-policy"] = policy;
  return false;
}
