import { describe, expect, it } from "vitest";
import { erasureCertificate } from "./erasure-certificate";

const incident = {
  id: "00000000-0000-4000-8000-0000000000aa",
  slug: "demo",
  pseudonymisedAt: new Date("2027-01-05T00:00:00Z"),
  erasedAt: null,
};
const run = (step: "pseudonymise" | "erase", counts: unknown) => ({
  id: `run-${step}`,
  step,
  counts,
  startedAt: new Date("2027-01-04T23:00:00Z"),
  finishedAt: new Date("2027-01-05T00:00:00Z"),
  auditHeadBefore: "a".repeat(64),
  auditHeadAfter: "b".repeat(64),
});

describe("the certificate of erasure", () => {
  it("is null until a forget run is done", () => {
    expect(erasureCertificate(incident, [], new Date())).toBeNull();
  });

  it("lists each step in order with its rows by table and their total, ignoring what is not a count", () => {
    const cert = erasureCertificate(
      incident,
      [
        run("erase", { triage_entries: 3, leaked_recipients: 5 }),
        run("pseudonymise", { leaked_recipients: 5, note: "x", bad: -3, half: 0.5, kept: { security_events: 2 } }),
      ],
      new Date("2027-01-06T00:00:00Z"),
    )!;
    expect(cert.steps.map((s) => s.step)).toEqual(["pseudonymise", "erase"]);
    expect(cert.steps[1]).toMatchObject({
      runId: "run-erase",
      rows: { leaked_recipients: 5, triage_entries: 3 },
      totalRows: 8,
      auditHeadBefore: "a".repeat(64),
      auditHeadAfter: "b".repeat(64),
      finishedAt: "2027-01-05T00:00:00.000Z",
    });
    expect(cert.steps[0]!.rows).toEqual({ leaked_recipients: 5 });
    // Left to other incidents, not forgotten: apart from the rows and their total.
    expect(cert.steps[0]).toMatchObject({ totalRows: 5, kept: { security_events: 2 } });
    expect(cert.steps[1]!.kept).toEqual({});
    expect(cert.statement).toMatch(/pseudonymised and then erased/);
    expect(erasureCertificate(incident, [run("pseudonymise", {})], new Date())!.statement).toMatch(
      /erased at the end of retention/,
    );
  });
});
