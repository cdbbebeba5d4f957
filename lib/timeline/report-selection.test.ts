import { describe, expect, it } from "vitest";
import type { TimelineEventView } from "./event-view";
import { DEFAULT_REPORT_CHOICES, parseReportChoices, reportTimeline } from "./report-selection";

let n = 0;
function event(over: Partial<TimelineEventView>): TimelineEventView {
  n += 1;
  return {
    id: `e${n}`,
    occurredAt: "2026-11-29T09:12:00.000Z",
    timeZone: "UTC",
    category: "detection",
    milestone: null,
    source: "manual",
    externalId: null,
    title: `Event ${n}`,
    body: "",
    evidenceLinks: [],
    version: 1,
    recordedAt: "2026-11-29T09:12:00.000Z",
    recordedBy: null,
    retracted: null,
    versions: [],
    ...over,
  };
}

const BULK = "00000000-0000-4000-8000-0000000000a1";
const step = (name: string, at: string, title: string, body: string, by: string | null = null) =>
  event({
    externalId: `bulk-action:${BULK}:${name}`,
    source: "system",
    category: "remediation",
    occurredAt: at,
    title,
    body,
    recordedBy: by,
  });

describe("the report's timeline", () => {
  const bulk = [
    step("requested", "2026-11-30T07:12:00.000Z", "Bulk password reset requested for 2,634 accounts", `Reason: Recommended\nBulk action ${BULK}.`, "Ana Analyst"),
    step("approved", "2026-11-30T07:37:00.000Z", "Bulk password reset approved (2,634 accounts)", `Bulk action ${BULK}.`, "Ada Admin"),
    step("started", "2026-11-30T07:38:00.000Z", "Bulk password reset started (2,634 accounts)", `Bulk action ${BULK}.`),
    step("finished", "2026-11-30T07:52:00.000Z", "Bulk password reset finished (2,634 accounts)", `Succeeded 2,634, skipped 0, failed 0, cancelled 0.\nBulk action ${BULK}.`),
  ];
  const rejectedNotice = ["requested", "rejected"].map((name, i) =>
    event({
      externalId: `notice-campaign:c1:${name}`,
      category: "communication",
      occurredAt: `2026-11-30T1${i}:00:00.000Z`,
      title: `Customer notice ${name} for 22,650 customers`,
      body: "Notice version 1; campaign c1.",
    }),
  );
  const manual = event({ title: "Customers report seeing other customers' addresses", milestone: "aware" });

  it("gives a bulk action one line, its steps with times and who, and no internal id", () => {
    const lines = reportTimeline([manual, ...bulk], DEFAULT_REPORT_CHOICES);
    expect(lines).toHaveLength(2);
    const line = lines[1]!;
    expect(line.title).toBe("Bulk password reset for 2,634 accounts");
    expect(line.occurredAt).toBe("2026-11-30T07:12:00.000Z");
    expect(line.body).toBe(
      "requested 30 Nov 2026, 07:12 by Ana Analyst · approved 07:37 by Ada Admin · finished 07:52.\n" +
        "Reason: Recommended\nSucceeded 2,634, skipped 0, failed 0, cancelled 0.",
    );
    expect(line.body).not.toContain(BULK);
  });

  it("leaves out requests rejected unapproved unless chosen, and the categories not chosen", () => {
    expect(reportTimeline([manual, ...rejectedNotice], DEFAULT_REPORT_CHOICES)).toHaveLength(1);
    const all = reportTimeline([manual, ...rejectedNotice], { ...DEFAULT_REPORT_CHOICES, declined: true });
    expect(all.map((l) => l.title)).toEqual([manual.title, "Customer notice for 22,650 customers"]);
    const onlyRemediation = reportTimeline([manual, ...bulk], { ...DEFAULT_REPORT_CHOICES, categories: ["remediation"] });
    expect(onlyRemediation.map((l) => l.category)).toEqual(["remediation"]);
  });

  it("reads the choices from the page's query, with everything but declined requests by default", () => {
    expect(parseReportChoices({})).toEqual(DEFAULT_REPORT_CHOICES);
    const id = "0a0b0c0d-0000-4000-8000-000000000001";
    expect(
      parseReportChoices({ choose: "1", category: ["detection", "bogus"], omitObligation: [id, "x"], declined: "on" }),
    ).toEqual({ categories: ["detection"], omitObligations: [id], declined: true });
    expect(parseReportChoices({ choose: "1" })).toEqual({ categories: [], omitObligations: [], declined: false });
  });
});
