import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { defineAction } from "./action";
import { StepUpRequiredError } from "./auth/step-up";
import { AppError } from "./errors";
import { setLogSink } from "./log";

const calls: string[] = [];
let role: "admin" | "manager" | null = "admin";
let stepUpFresh = true;

vi.mock("next/cache", () => ({ revalidatePath: (path: string, type?: string) => calls.push(`revalidate ${path}${type ? ` ${type}` : ""}`) }));
vi.mock("./auth/session", () => ({
  authorize: async (permission: string) => {
    calls.push(`authorize ${permission}`);
    if (!role) throw new AppError("UNAUTHENTICATED", "Your session has ended. Please sign in again.");
    if (role !== "admin") throw new AppError("FORBIDDEN", "Your role does not allow this action.");
    return { id: "u1", email: "admin@breachdesk.test", name: "A", role };
  },
}));
vi.mock("./db", () => ({ getDb: async () => ({ prisma: {}, sql: {} }) }));
vi.mock("./incidents/get-incident", () => ({
  getIncidentBySlugOrThrow: async (_db: unknown, slug: string) => {
    calls.push(`incident ${slug}`);
    if (slug === "closed") return { id: "i2", slug, status: "closed", closedAt: new Date("2026-12-01T10:00:00Z") };
    if (slug !== "demo") throw new AppError("NOT_FOUND", `No incident with the id "${slug}".`);
    return { id: "i1", slug, status: "open", closedAt: null };
  },
}));
vi.mock(import("./auth/step-up"), async (importOriginal) => {
  const original = await importOriginal();
  return {
    ...original,
    requireRecentSecondFactor: async ({ code }: { code?: string | null } = {}) => {
      calls.push(`step-up ${code ?? "-"}`);
      if (!stepUpFresh && !code) throw new original.StepUpRequiredError({ method: "totp" });
    },
  };
});

const approve = defineAction({
  permission: "bulk.approve",
  args: (slug: unknown, id: unknown, note: unknown, secondFactorCode?: unknown) => ({
    scope: { slug, id },
    input: { note, secondFactorCode },
  }),
  scope: z.object({ slug: z.string(), id: z.uuid() }),
  notFound: "No such bulk action.",
  input: z.object({ note: z.string().max(5), secondFactorCode: z.string().optional() }),
  stepUp: "before-run",
  run: async ({ incident, scope, input, actor }) => {
    calls.push(`run ${incident.id} ${scope.id} ${input.note} ${actor.email}`);
    if (input.note === "boom") throw new Error("connection reset by peer");
    if (input.note === "late") throw new AppError("CONFLICT", "Already approved.");
    return { ok: true as const, message: "Approved." };
  },
  revalidate: ({ incident }) => [`/incidents/${incident.slug}`, { path: "/incidents", type: "layout" }],
});

const poll = defineAction({
  permission: "incidents.read",
  args: () => ({}),
  run: async () => {
    throw new AppError("NOT_FOUND", "No such bulk action.");
  },
  failure: "message",
});

const ID = "00000000-0000-4000-8000-000000000001";

// A progress poll only reads: it still works on a closed incident.
const progress = defineAction({
  permission: "incidents.read",
  closedIncident: "allowed",
  args: (slug: unknown) => ({ scope: { slug } }),
  scope: z.object({ slug: z.string() }),
  run: async ({ incident }) => ({ ok: true as const, message: `read ${incident.id}` }),
});

describe("defineAction: the server-action pipeline", () => {
  beforeEach(() => {
    calls.length = 0;
    role = "admin";
    stepUpFresh = true;
    setLogSink(() => {});
  });

  it("runs permission, scope and incident, input, step-up, the action and revalidation, in that order", async () => {
    expect(await approve("demo", ID, "ok")).toEqual({ ok: true, message: "Approved." });
    expect(calls).toEqual([
      "authorize bulk.approve",
      "incident demo",
      "step-up -",
      `run i1 ${ID} ok admin@breachdesk.test`,
      "revalidate /incidents/demo",
      "revalidate /incidents layout",
    ]);
  });

  it("refuses every change to a closed incident before it runs (INCIDENT_CLOSED); an action that only reads still works", async () => {
    const refused = await approve("closed", ID, "ok");
    expect(refused).toMatchObject({ ok: false, code: "INCIDENT_CLOSED" });
    expect((refused as { message: string }).message).toContain("closed on 1 Dec 2026, 10:00 UTC and is read-only");
    expect(calls.some((c) => c.startsWith("step-up") || c.startsWith("run"))).toBe(false);
    expect(await progress("closed")).toEqual({ ok: true, message: "read i2" });
  });

  it("checks the permission before reading anything", async () => {
    role = "manager";
    expect(await approve("no-such", "not-a-uuid", 42)).toMatchObject({
      ok: false,
      message: "Your role does not allow this action.",
      code: "FORBIDDEN",
    });
    role = null;
    expect(await approve("demo", ID, "ok")).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect(calls.filter((c) => !c.startsWith("authorize"))).toEqual([]);
  });

  it("answers NOT_FOUND for a scope that does not parse or an incident that does not exist", async () => {
    expect(await approve("demo", "not-a-uuid", "ok")).toMatchObject({ ok: false, message: "No such bulk action.", code: "NOT_FOUND" });
    expect(await approve("other", ID, "ok")).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(calls.some((c) => c.startsWith("run"))).toBe(false);
  });

  it("answers field errors for input that does not parse, and does nothing", async () => {
    expect(await approve("demo", ID, "far too long")).toEqual({
      ok: false,
      message: "Please correct the highlighted fields.",
      fieldErrors: { note: expect.any(String) },
    });
    expect(calls.some((c) => c.startsWith("step-up") || c.startsWith("run"))).toBe(false);
  });

  it("asks for a step-up before the action, passing the code typed into the prompt", async () => {
    stepUpFresh = false;
    const refused = await approve("demo", ID, "ok");
    expect(refused).toMatchObject({ ok: false, stepUp: { method: "totp" }, code: "STEP_UP_REQUIRED" });
    expect(calls.some((c) => c.startsWith("run"))).toBe(false);
    expect(await approve("demo", ID, "ok", "123456")).toEqual({ ok: true, message: "Approved." });
    expect(calls).toContain("step-up 123456");
    expect(new StepUpRequiredError({ method: "totp" }).code).toBe("STEP_UP_REQUIRED");
  });

  it("shows an AppError's message, and a generic one with a reference for anything else; nothing is revalidated", async () => {
    expect(await approve("demo", ID, "late")).toMatchObject({ ok: false, message: "Already approved.", code: "CONFLICT" });
    const failed = await approve("demo", ID, "boom");
    expect(failed.ok).toBe(false);
    expect(failed.message).toMatch(/reference [0-9a-f-]{36}/);
    expect(failed.message).not.toContain("connection reset");
    expect(calls.some((c) => c.startsWith("revalidate"))).toBe(false);
  });

  it("answers only the message where the caller shows no more (polls, previews)", async () => {
    expect(await poll()).toEqual({ ok: false, message: "No such bulk action." });
  });
});
