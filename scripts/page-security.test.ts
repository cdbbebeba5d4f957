import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPageSecurity, contentSecurityPolicy, newNonce } from "./page-security.mjs";

function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split(";").map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values.join(" ")];
    }),
  );
}

describe("contentSecurityPolicy", () => {
  it("allows scripts only with the nonce and forbids framing, <base> and foreign form posts", () => {
    const policy = directives(contentSecurityPolicy({ nonce: "abc", dev: false, https: false }));
    expect(policy.get("script-src")).toBe("'self' 'nonce-abc' 'strict-dynamic'");
    expect(policy.get("script-src")).not.toContain("unsafe-inline");
    expect(policy.get("frame-ancestors")).toBe("'none'");
    expect(policy.get("base-uri")).toBe("'self'");
    expect(policy.get("form-action")).toBe("'self'");
    expect(policy.get("object-src")).toBe("'none'");
    expect(policy.has("upgrade-insecure-requests")).toBe(false);
  });

  it("upgrades requests only over https, and allows eval only in development", () => {
    expect(
      directives(contentSecurityPolicy({ nonce: "n", dev: false, https: true })).has("upgrade-insecure-requests"),
    ).toBe(true);
    expect(contentSecurityPolicy({ nonce: "n", dev: true, https: false })).toContain("'unsafe-eval'");
  });

  it("makes a fresh nonce each time", () => {
    expect(newNonce()).not.toBe(newNonce());
    expect(newNonce()).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

describe("applyPageSecurity", () => {
  // A real server: the response shows what reached "Next" (the request's CSP
  // header, echoed) or what applyPageSecurity answered itself.
  let server: http.Server;
  let base: string;
  let dev = false;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (applyPageSecurity(req, res, { dev })) return;
      res.setHeader("x-reached-next", "1");
      res.end(req.headers["content-security-policy"] ?? "");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, { redirect: "manual", ...init });
  const SIGNED_IN = { cookie: "theme=dark; next-auth.session-token=eyJ.abc" };

  it("gives a page a fresh nonce, the same on the response and the request Next reads", async () => {
    const first = await get("/incidents", { headers: SIGNED_IN });
    const policy = first.headers.get("content-security-policy") ?? "";
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic';/);
    expect(first.headers.get("x-reached-next")).toBe("1");
    expect(await first.text()).toBe(policy);
    const second = await get("/incidents", { headers: SIGNED_IN });
    expect(second.headers.get("content-security-policy")).not.toBe(policy);
  });

  it("leaves route handlers and static files alone, whatever the session", async () => {
    for (const path of [
      "/api/v1/incidents",
      "/api/auth/session",
      "/_next/static/chunks/a.js",
      "/_next/image?url=x",
      "/favicon.ico",
      "/icon.svg",
    ]) {
      const response = await get(path, { headers: { "content-security-policy": "client's own" } });
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-security-policy"), path).toBeNull();
      expect(await response.text(), path).toBe("client's own");
    }
  });

  it("sends HSTS and upgrades requests only over https, as the first X-Forwarded-Proto says", async () => {
    const plain = await get("/login");
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    expect(plain.headers.get("content-security-policy")).not.toContain("upgrade-insecure-requests");
    for (const proto of ["https", "https, http"]) {
      const tls = await get("/login", { headers: { "x-forwarded-proto": proto } });
      expect(tls.headers.get("strict-transport-security"), proto).toMatch(/^max-age=\d{7,}; includeSubDomains$/);
      expect(tls.headers.get("content-security-policy"), proto).toContain("upgrade-insecure-requests");
    }
    const downgraded = await get("/login", { headers: { "x-forwarded-proto": "http, https" } });
    expect(downgraded.headers.get("strict-transport-security")).toBeNull();
  });

  it("sends the signed-out to sign-in with where they were going, headers included", async () => {
    const response = await get("/incidents?status=open&q=a%20b");
    expect(response.status).toBe(307);
    const location = response.headers.get("location") ?? "";
    expect(location).toBe("/login?callbackUrl=%2Fincidents%3Fstatus%3Dopen%26q%3Da%2520b");
    expect(new URL(location, base).searchParams.get("callbackUrl")).toBe("/incidents?status=open&q=a%20b");
    expect(response.headers.get("content-security-policy")).toContain("'nonce-");
    expect(response.headers.get("x-reached-next")).toBeNull();
    expect((await get("/incidents")).headers.get("location")).toBe("/login?callbackUrl=%2Fincidents");
    expect((await get("/")).headers.get("location")).toBe("/login");
    expect((await get("/", { method: "HEAD" })).status).toBe(307);
  });

  it("lets the sign-in pages through signed out", async () => {
    for (const path of ["/login", "/login?callbackUrl=%2Fincidents", "/login/second-factor"]) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("x-reached-next"), path).toBe("1");
    }
    expect((await get("/loginx")).status).toBe(307);
  });

  it("counts any next-auth session cookie, chunked or under its https name, as signed in", async () => {
    for (const cookie of [
      "next-auth.session-token=a",
      "__Secure-next-auth.session-token=a",
      "next-auth.session-token.0=a; next-auth.session-token.1=b",
      "__Secure-next-auth.session-token.0=a",
      "a=1;next-auth.session-token=x;b=2",
    ]) {
      expect((await get("/incidents", { headers: { cookie } })).status, cookie).toBe(200);
    }
    for (const cookie of [
      "next-auth.session-token=",
      "next-auth.csrf-token=a",
      "next-auth.callback-url=%2F",
      "x-next-auth.session-token=a",
      "next-auth.session-token.x=a",
      "foo=next-auth.session-token=a",
    ]) {
      expect((await get("/incidents", { headers: { cookie } })).status, cookie).toBe(307);
    }
  });

  it("redirects only page loads: a signed-out server action reaches Next, which refuses it itself", async () => {
    const response = await get("/incidents/demo", { method: "POST", headers: { "next-action": "abc" }, body: "[]" });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-reached-next")).toBe("1");
    expect(response.headers.get("content-security-policy")).toContain("'nonce-");
  });

  it("allows eval and websockets in development only", async () => {
    dev = true;
    try {
      const policy = (await get("/login")).headers.get("content-security-policy") ?? "";
      expect(policy).toContain("'unsafe-eval'");
      expect(policy).toContain("connect-src 'self' ws: wss:");
    } finally {
      dev = false;
    }
    expect((await get("/login")).headers.get("content-security-policy")).not.toContain("'unsafe-eval'");
  });
});
