import { describe, expect, it } from "vitest";
import { evaluateCloseChecklist, type CloseFacts } from "./checklist";
import { RetentionInput, describeDays, retentionSchedule } from "./retention";

const clear: CloseFacts = {
  openObligations: [],
  obligationsTotal: 2,
  activeBulkActions: 0,
  activeCampaigns: 0,
  undecidedHolds: 0,
  activeHolds: 0,
  missingReportFields: [],
};

const item = (facts: Partial<CloseFacts>, key: string) =>
  evaluateCloseChecklist({ ...clear, ...facts }).items.find((i) => i.key === key)!;

describe("evaluateCloseChecklist", () => {
  it("passes when nothing blocks the close", () => {
    const list = evaluateCloseChecklist(clear);
    expect(list.ok).toBe(true);
    expect(list.items.map((i) => i.key)).toEqual(["obligations", "work", "holds", "report"]);
  });

  it("fails on an obligation not met, naming it and counting", () => {
    const o = item({ openObligations: ["Notify the supervisory authority (GDPR Art. 33)"] }, "obligations");
    expect(o.ok).toBe(false);
    expect(o.detail).toBe("1 of 2 obligations neither met nor waived: Notify the supervisory authority (GDPR Art. 33).");
    expect(o.fixPath).toBe("timeline");
  });

  it("fails on running, paused or pending work and links where it is", () => {
    expect(item({ activeBulkActions: 2 }, "work")).toMatchObject({ ok: false, fixPath: "bulk-actions" });
    expect(item({ activeBulkActions: 2 }, "work").detail).toBe("2 bulk actions running, paused or awaiting approval.");
    const notices = item({ activeCampaigns: 1 }, "work");
    expect(notices).toMatchObject({ ok: false, fixPath: "notices" });
    expect(notices.detail).toBe("1 notice campaign running, paused or awaiting approval.");
  });

  it("fails on an active hold with no end date; a hold with one is decided", () => {
    expect(item({ undecidedHolds: 3, activeHolds: 5 }, "holds")).toMatchObject({
      ok: false,
      detail: "3 active holds with no end date.",
    });
    expect(item({ undecidedHolds: 0, activeHolds: 5 }, "holds")).toMatchObject({
      ok: true,
      detail: "5 active holds, each with an end date.",
    });
  });

  it("fails while the Article 33(3) text misses a field", () => {
    const r = item({ missingReportFields: ["Likely consequences", "DPO or contact point"] }, "report");
    expect(r).toMatchObject({ ok: false, fixPath: "report" });
    expect(r.detail).toBe("Missing: Likely consequences, DPO or contact point.");
  });

  it("fails as a whole when any item fails", () => {
    expect(evaluateCloseChecklist({ ...clear, undecidedHolds: 1 }).ok).toBe(false);
  });
});

describe("the retention schedule", () => {
  it("takes whole days within bounds, erasure after pseudonymisation", () => {
    expect(RetentionInput.parse({ pseudonymiseDays: "30", eraseDays: "1825" })).toEqual({ pseudonymiseDays: 30, eraseDays: 1825 });
    expect(RetentionInput.safeParse({ pseudonymiseDays: -1, eraseDays: 10 }).success).toBe(false);
    expect(RetentionInput.safeParse({ pseudonymiseDays: 30, eraseDays: 3651 }).success).toBe(false);
    expect(RetentionInput.safeParse({ pseudonymiseDays: 30, eraseDays: 30 }).success).toBe(false);
    expect(RetentionInput.safeParse({ pseudonymiseDays: 1.5, eraseDays: 30 }).success).toBe(false);
  });

  it("counts from the close", () => {
    const closedAt = new Date("2026-12-01T10:00:00Z");
    expect(retentionSchedule(closedAt, { pseudonymiseDays: 30, eraseDays: 1825 })).toEqual({
      pseudonymiseAt: new Date("2026-12-31T10:00:00Z"),
      eraseAt: new Date("2031-11-30T10:00:00Z"),
    });
  });

  it("reads in years when whole", () => {
    expect(describeDays(1825)).toBe("5 years");
    expect(describeDays(365)).toBe("1 year");
    expect(describeDays(30)).toBe("30 days");
    expect(describeDays(1)).toBe("1 day");
  });
});
