import { expect, request, test } from "@playwright/test";
import { DEMO_INCIDENT, DEMO_USERS, storageState } from "./fixtures";

// The hardening review's findings as the browser and the network see them: each test
// failed on the code before its fix.

test.describe("after sign-in, only our own origin (item 2)", () => {
  test("the login form does not follow a tab-smuggled callback to another host", async ({ page, baseURL }) => {
    await page.goto("/login?callbackUrl=%2F%09%2Fevil.example");
    await page.getByLabel("Work e-mail").fill(DEMO_USERS.manager.email);
    await page.getByLabel("Password").fill(DEMO_USERS.manager.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByTestId("current-role")).toBeVisible();
    expect(new URL(page.url()).origin).toBe(baseURL);
  });

  test.describe("signed in", () => {
    test.use({ storageState: storageState("manager") });

    test("the server's redirect stays on our origin and never fails", async ({ page, baseURL }) => {
      for (const callback of [
        "%2F%09%2Fevil.example",
        "%2F%5Cevil.example",
        "%2F%0A%2Fevil",
        "%2F%0D%0AX-Injected%3A%201",
        "%2F%E2%98%83",
      ]) {
        const response = await page.request.get(`/login?callbackUrl=${callback}`, { maxRedirects: 0 });
        expect(response.status(), callback).toBe(307);
        const location = response.headers()["location"] ?? "";
        expect(new URL(location, baseURL).origin, callback).toBe(baseURL);
        expect(response.headers()["x-injected"]).toBeUndefined();
      }
    });
  });
});

test.describe("response headers (item 11)", () => {
  test("every page, sign-in included, has a nonce-based CSP, and its scripts carry the nonce", async ({ page }) => {
    const response = await page.goto("/login");
    const csp = response?.headers()["content-security-policy"] ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    for (const directive of ["frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'", "object-src 'none'"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    const scripts = await page
      .locator("script[src]")
      .evaluateAll((nodes) => nodes.map((n) => (n as HTMLScriptElement).nonce));
    expect(scripts.length).toBeGreaterThan(0);
    for (const scriptNonce of scripts) expect(scriptNonce).toBe(nonce);
    const second = await page.request.get("/login");
    expect(second.headers()["content-security-policy"]).not.toContain(`'nonce-${nonce}'`);
  });

  test.describe("signed in", () => {
    test.use({ storageState: storageState("security_analyst") });

    test("the overview with its charts runs under the CSP with no violation", async ({ page }) => {
      const violations: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      const response = await page.goto(`/incidents/${DEMO_INCIDENT}`);
      expect(response?.headers()["content-security-policy"]).toContain("'strict-dynamic'");
      await expect(page.locator(".recharts-wrapper").first()).toBeVisible();
      // Client-side navigation works, so the app's scripts ran.
      await page.getByRole("link", { name: "Timeline" }).first().click();
      await expect(page).toHaveURL(/\/timeline$/);
      expect(violations).toEqual([]);
    });

    test("JSON APIs with staff or customer data are not cacheable", async ({ page }) => {
      for (const url of ["/api/v1/incidents", `/api/v1/incidents/${DEMO_INCIDENT}/timeline`]) {
        const response = await page.request.get(url);
        expect(response.status()).toBe(200);
        expect(response.headers()["cache-control"], url).toBe("no-store");
      }
    });

    test("HSTS is sent when the app is reached over https", async ({ page }) => {
      const plain = await page.request.get("/login");
      expect(plain.headers()["strict-transport-security"]).toBeUndefined();
      const tls = await page.request.get("/login", { headers: { "X-Forwarded-Proto": "https" } });
      expect(tls.headers()["strict-transport-security"]).toMatch(/max-age=\d{7,}/);
    });
  });
});

test.describe("cross-site requests to cookie-authenticated handlers (item 4)", () => {
  test.use({ storageState: storageState("security_analyst") });

  test("an upload posted by a page of a sibling origin is refused and imports nothing", async ({ page, baseURL }) => {
    const sibling = baseURL!.replace(/:(\d+)$/, (_m, port: string) => `:${Number(port) + 1}`);
    const url = `/api/v1/incidents/${DEMO_INCIDENT}/imports?kind=recipients&fileName=csrf.csv`;
    for (const headers of <Record<string, string>[]>[
      { Origin: sibling, "Sec-Fetch-Site": "same-site" },
      { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
      { Origin: "null" },
    ]) {
      const response = await page.request.post(url, { headers, data: "email\ncsrf@example.com\n" });
      expect(response.status(), JSON.stringify(headers)).toBe(403);
    }
    const same = await page.request.post(`/api/v1/incidents/${DEMO_INCIDENT}/imports`, {
      headers: { Origin: baseURL!, "Sec-Fetch-Site": "same-origin" },
      data: "",
    });
    expect(same.status()).toBe(422); // past the origin check, refused for the missing query
  });
});

test.describe("upload size (item 6)", () => {
  test.use({ storageState: storageState("security_analyst") });

  test("an upload declaring more than the limit is refused with 413 before it is read", async ({ page, baseURL }) => {
    const response = await page.request.post(
      `/api/v1/incidents/${DEMO_INCIDENT}/imports?kind=messages&fileName=huge.zip`,
      { headers: { Origin: baseURL!, "Content-Type": "application/zip" }, data: Buffer.alloc(8 * 1024 * 1024 + 1) },
    );
    expect(response.status()).toBe(413);
    expect((await response.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
  });
});

test.describe("missing pages answer 404 (item 14)", () => {
  test.use({ storageState: storageState("security_analyst") });

  test("an unknown path, incident or account is a 404, not a 200", async ({ page }) => {
    for (const url of [
      "/no-such-page",
      "/incidents/no-such-incident",
      `/incidents/${DEMO_INCIDENT}/no-such-tab`,
      `/incidents/${DEMO_INCIDENT}/accounts/999999999`,
      `/incidents/${DEMO_INCIDENT}/accounts/not-a-number`,
    ]) {
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(404);
      await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
    }
  });
});

test.describe("the per-IP sign-in throttle (item 5)", () => {
  // The e2e server trusts 127.0.0.1 as a proxy: the client is the rightmost
  // address it appended, whatever the client put to its left.
  async function failedSignIn(baseURL: string, forwardedFor: string, attempt: number): Promise<string> {
    const api = await request.newContext({ baseURL });
    const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const response = await api.post("/api/auth/callback/credentials", {
      headers: { "X-Forwarded-For": forwardedFor },
      form: { csrfToken, email: `nobody-${attempt}-${Date.now()}@throttle.test`, password: "wrong", json: "true" },
    });
    const { url } = (await response.json()) as { url: string };
    await api.dispose();
    return new URL(url).searchParams.get("error") ?? "";
  }

  test("rotating the client-written part of X-Forwarded-For does not reset the limit", async ({ baseURL }) => {
    const client = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
    for (let i = 0; i < 20; i++) {
      expect(await failedSignIn(baseURL!, `198.51.100.${i}, ${client}`, i)).toBe("InvalidCredentials");
    }
    expect(await failedSignIn(baseURL!, `192.0.2.99, ${client}`, 20)).toMatch(/^Throttled/);
    // Another client behind the same proxy is not affected.
    expect(await failedSignIn(baseURL!, "198.18.0.1", 21)).toBe("InvalidCredentials");
  });
});
