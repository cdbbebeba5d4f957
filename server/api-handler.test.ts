import { beforeEach, describe, expect, it, vi } from "vitest";

// The session is the one thing faked here: the wrapper's own checks are under test.
const authorize = vi.fn();
vi.mock("./auth/session", () => ({ authorize: (...args: unknown[]) => authorize(...args) }));

const { apiHandler } = await import("./api-handler");
const { AppError } = await import("./errors");

const USER = { id: "u1", email: "a@example.com", name: "A", role: "security_analyst" };

describe("apiHandler", () => {
  const inner = vi.fn(async () => Response.json({ ok: true }, { status: 201 }));
  const handler = apiHandler("recipients.import", inner);
  beforeEach(() => {
    inner.mockClear();
    authorize.mockReset();
    authorize.mockResolvedValue(USER);
  });

  const post = (headers: Record<string, string>) =>
    handler(
      new Request("http://localhost:3000/api/v1/incidents/x/imports", { method: "POST", headers, body: "a" }),
      {},
    );

  it("refuses a state-changing request from another origin before it reaches the handler (CSRF)", async () => {
    for (const headers of <Record<string, string>[]>[
      { origin: "http://localhost:3001" },
      { origin: "http://sub.localhost:3000", "sec-fetch-site": "same-site" },
      { "sec-fetch-site": "cross-site" },
      { origin: "null" },
    ]) {
      const response = await post(headers);
      expect(response.status).toBe(403);
      expect((await response.json()).error.code).toBe("FORBIDDEN");
    }
    expect(inner).not.toHaveBeenCalled();
  });

  it("lets our own pages' requests through", async () => {
    const response = await post({ origin: "http://localhost:3000", "sec-fetch-site": "same-origin" });
    expect(response.status).toBe(201);
    expect(inner).toHaveBeenCalledOnce();
  });

  it("lets cross-site reads through to the permission check", async () => {
    const response = await handler(
      new Request("http://localhost:3000/api/v1/staff", { headers: { "sec-fetch-site": "cross-site" } }),
      {},
    );
    expect(response.status).toBe(201);
  });

  it("marks every answer, errors included, as not to be cached", async () => {
    expect((await post({})).headers.get("cache-control")).toBe("no-store");
    authorize.mockRejectedValue(new AppError("UNAUTHENTICATED", "no"));
    const refused = await post({});
    expect(refused.status).toBe(401);
    expect(refused.headers.get("cache-control")).toBe("no-store");
  });
});
