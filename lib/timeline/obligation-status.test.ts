import { describe, expect, it } from "vitest";
import { obligationStatus } from "./obligation-status";

const due = new Date("2019-12-07T09:12:00Z");
const at = (iso: string) => new Date(iso);

describe("obligationStatus", () => {
  it("is pending with time to spare, due soon in its last 12 hours, overdue after", () => {
    const open = { dueAt: due, metAt: null, milestoneAt: null };
    expect(obligationStatus(open, at("2019-11-20T00:00:00Z"))).toEqual({ status: "pending", metAt: null });
    expect(obligationStatus(open, at("2019-12-07T00:00:00Z")).status).toBe("due_soon");
    expect(obligationStatus(open, at("2019-12-07T09:12:01Z")).status).toBe("overdue");
  });

  it("is met when marked met before the deadline, and stays met", () => {
    const metAt = at("2019-12-01T12:00:00Z");
    expect(obligationStatus({ dueAt: due, metAt, milestoneAt: null }, at("2020-06-01T00:00:00Z"))).toEqual({
      status: "met",
      metAt,
    });
  });

  it("is met by its milestone, the earlier of the two counting", () => {
    const milestoneAt = at("2019-11-08T10:00:00Z");
    expect(
      obligationStatus({ dueAt: due, metAt: at("2019-11-30T00:00:00Z"), milestoneAt }, at("2020-01-01T00:00:00Z")),
    ).toEqual({ status: "met", metAt: milestoneAt });
  });

  it("is waived when waived before it was met, however late; met wins over a waiver", () => {
    const waivedAt = at("2019-12-10T00:00:00Z");
    expect(obligationStatus({ dueAt: due, metAt: null, milestoneAt: null, waivedAt }, at("2020-01-01T00:00:00Z"))).toEqual({
      status: "waived",
      metAt: null,
    });
    const metAt = at("2019-12-01T12:00:00Z");
    expect(obligationStatus({ dueAt: due, metAt, milestoneAt: null, waivedAt }, at("2020-01-01T00:00:00Z")).status).toBe("met");
  });

  it("is met late when met after the deadline", () => {
    expect(
      obligationStatus({ dueAt: due, metAt: null, milestoneAt: at("2019-12-08T00:00:00Z") }, at("2020-01-01T00:00:00Z"))
        .status,
    ).toBe("met_late");
  });
});
