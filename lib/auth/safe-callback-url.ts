// A stand-in origin to resolve callbacks against: only what resolves to it (the
// app's own origin, whatever its real host) is followed after sign-in.
const OWN_ORIGIN = "https://breachdesk.invalid";

/**
 * The path to send a user to after sign-in, or "/". The value is resolved the
 * way a browser resolves it (tabs, newlines and backslashes included: "/\t/evil"
 * and "/\\evil" are other hosts to a browser), and only kept when it stays on
 * this origin. The result is percent-encoded ASCII, so it is always a valid
 * Location header (raw CR, LF or non-Latin-1 characters made redirects throw).
 */
export function safeCallbackUrl(value: string | undefined | null): string {
  if (!value || !value.startsWith("/")) return "/";
  let url: URL;
  try {
    url = new URL(value, OWN_ORIGIN);
  } catch {
    return "/";
  }
  if (url.origin !== OWN_ORIGIN) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  // The sign-in page and APIs are never a destination (loops, raw JSON).
  if (url.pathname === "/login" || url.pathname.startsWith("/login/") || url.pathname.startsWith("/api/")) return "/";
  if (!path.startsWith("/") || path.startsWith("//") || /[^\x21-\x7e]/.test(path)) return "/";
  return path;
}
