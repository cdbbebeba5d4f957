import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { authSecret } from "./server/auth/secret";

// Only a convenience: signed-out visitors are sent to sign-in. Every page,
// server action and route handler checks the session and permission itself
// (server/auth/session.ts), so bypassing this file grants nothing.
export async function proxy(request: NextRequest) {
  const token = await getToken({ req: request, secret: authSecret() });
  if (token) return NextResponse.next();
  const login = new URL("/login", request.url);
  const target = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  if (target !== "/") login.searchParams.set("callbackUrl", target);
  return NextResponse.redirect(login);
}

export const config = {
  // Pages only: route handlers under /api answer 401 themselves (and uploads
  // must stream through untouched). Not sign-in or static files either.
  matcher: ["/((?!login|api/|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
