import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { assertMayApprove, fourEyesAtRequest, oncePerRequestKey } from "./four-eyes";

// The defaults: more than 100 items need a second person, for 24 hours.
const AT = new Date("2026-06-01T09:00:00Z");
const conflict = () => new AppError("CONFLICT", "This one is running: it cannot be approved.");

describe("four eyes", () => {
  it("starts at or below the threshold; above it, waits for approval until it expires; a single action never waits", () => {
    expect(fourEyesAtRequest(100, AT)).toEqual({
      needsApproval: false,
      status: "running",
      expiresAt: null,
      startedAt: AT,
    });
    expect(fourEyesAtRequest(101, AT)).toEqual({
      needsApproval: true,
      status: "pending_approval",
      expiresAt: new Date("2026-06-02T09:00:00Z"),
      startedAt: null,
    });
    expect(fourEyesAtRequest(5000, AT, { exempt: true }).status).toBe("running");
  });

  it("counts what the requester already started without approval in the window", () => {
    expect(fourEyesAtRequest(60, AT, { windowTotal: 40 }).status).toBe("running");
    expect(fourEyesAtRequest(60, AT, { windowTotal: 41 }).status).toBe("pending_approval");
  });

  it("refuses approval by the creator of the token a request came through, or by that token", () => {
    const row = {
      status: "pending_approval",
      requested_by_id: "creator",
      requested_by_token_id: "token-1",
      expires_at: new Date("2026-06-02T09:00:00Z"),
    };
    const words = { requested: "bulk action", notPending: conflict };
    expect(() => assertMayApprove(row, { id: "creator" }, AT, words)).toThrow(
      "This bulk action was requested with an API token you created: whoever used it, a different person must approve it.",
    );
    expect(() => assertMayApprove(row, { id: "someone", tokenId: "token-1" }, AT, words)).toThrow("requested with this API token");
    expect(() => assertMayApprove(row, { id: "approver" }, AT, words)).not.toThrow();
  });

  it("never lets the requester approve, nor anyone approve what is not pending or has expired", () => {
    const row = {
      status: "pending_approval",
      requested_by_id: "requester",
      expires_at: new Date("2026-06-02T09:00:00Z"),
    };
    const words = { requested: "campaign", notPending: conflict };
    expect(() => assertMayApprove(row, { id: "requester" }, AT, words)).toThrow(
      "You requested this campaign: a different person must approve it.",
    );
    expect(() => assertMayApprove(row, { id: "approver" }, AT, words)).not.toThrow();
    expect(() => assertMayApprove({ ...row, status: "running" }, { id: "approver" }, AT, words)).toThrow(
      "This one is running",
    );
    expect(() => assertMayApprove(row, { id: "approver" }, new Date("2026-06-02T09:00:00Z"), words)).toThrow(
      "This request expired before it was approved. Request it again.",
    );
  });

  it("answers a used request key with the first request, also when a racing insert hits the unique index", async () => {
    const first = { id: "first" };
    expect(
      await oncePerRequestKey(
        "key-1",
        async () => first,
        async () => ({ id: "second" }),
      ),
    ).toBe(first);
    expect(
      await oncePerRequestKey(
        undefined,
        async () => first,
        async () => ({ id: "new" }),
      ),
    ).toEqual({ id: "new" });
    let found: { id: string } | null = null;
    const raced = oncePerRequestKey(
      "key-2",
      async () => found,
      async () => {
        found = first;
        throw Object.assign(new Error("unique violation"), { code: "P2002" });
      },
    );
    expect(await raced).toBe(first);
    await expect(
      oncePerRequestKey(
        "key-3",
        async () => null,
        async () => Promise.reject(new Error("database went away")),
      ),
    ).rejects.toThrow("database went away");
  });
});
