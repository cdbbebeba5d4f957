import { describe, expect, it } from "vitest";
import { defaultArticle33Summary, type ReportStats } from "./report-defaults";

const stats: ReportStats = {
  leakedRecipients: 23_000,
  uniqueAddresses: 22_990,
  matchedAccounts: 22_650,
  messages: 23,
  openActions: 5,
  completedActions: 120,
  activeHolds: 40,
  changedAfterT0: 312,
};

describe("defaultArticle33Summary", () => {
  it("writes the numbers the data holds", () => {
    const summary = defaultArticle33Summary({
      summary: "The indices update went out with addresses in To:.",
      stats,
      containedAt: new Date("2019-11-07T09:40:00Z"),
      customersNotifiedAt: null,
    });
    expect(summary.approxSubjects).toBe(22_990);
    expect(summary.approxRecords).toBe(23_000);
    expect(summary.natureOfBreach).toContain("The indices update went out");
    expect(summary.natureOfBreach).toContain("23,000 recipient entries in 23 messages exposed 22,990 distinct");
    expect(summary.likelyConsequences).toContain("312 exposed accounts");
    expect(summary.measuresTaken).toContain("Sending was stopped");
    expect(summary.measuresTaken).toContain("120 remediation actions");
    expect(summary.measuresTaken).toContain("are to be notified");
  });

  it("does not claim containment or actions that have not happened", () => {
    const summary = defaultArticle33Summary({
      summary: "",
      stats: { ...stats, openActions: 0, completedActions: 0, activeHolds: 0, changedAfterT0: 0 },
      containedAt: null,
      customersNotifiedAt: new Date("2019-11-08T10:00:00Z"),
    });
    expect(summary.natureOfBreach.startsWith("Personal data was disclosed")).toBe(true);
    expect(summary.measuresTaken).toContain("Containment is in progress.");
    expect(summary.measuresTaken).not.toContain("remediation actions");
    expect(summary.measuresTaken).toContain("have been notified");
    expect(summary.likelyConsequences).not.toContain("exposed accounts have had");
  });
});
