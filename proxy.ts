import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce, STRICT_TRANSPORT_SECURITY } from "./lib/http/security-headers";
import { authSecret } from "./server/auth/secret";
import { env } from "./server/env";

function isSignInPage(pathname: string): boolean {
  return pathname === "/login" || pathname.startsWith("/login/");
}

// Two jobs, on every page (sign-in included):
// - a Content-Security-Policy with a fresh script nonce (Next reads the nonce
//   from the request's CSP header and puts it on its own scripts);
// - a convenience redirect of signed-out visitors to sign-in. Every page,
//   server action and route handler checks the session and permission itself
//   (server/auth/session.ts), so bypassing this file grants nothing.
export async function proxy(request: NextRequest) {
  const https =
    request.nextUrl.protocol === "https:" ||
    request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
  const policy = contentSecurityPolicy({ nonce: newNonce(), dev: env().NODE_ENV === "development", https });

  let response: NextResponse;
  const signedIn = isSignInPage(request.nextUrl.pathname) || (await getToken({ req: request, secret: authSecret() }));
  if (signedIn) {
    const headers = new Headers(request.headers);
    headers.set("Content-Security-Policy", policy);
    response = NextResponse.next({ request: { headers } });
  } else {
    const login = new URL("/login", request.url);
    const target = `${request.nextUrl.pathname}${request.nextUrl.search}`;
    if (target !== "/") login.searchParams.set("callbackUrl", target);
    response = NextResponse.redirect(login);
  }
  response.headers.set("Content-Security-Policy", policy);
  if (https) response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  return response;
}

export const config = {
  // Every page. Not route handlers under /api (they answer 401 themselves, and
  // uploads must stream through untouched), nor static files.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
