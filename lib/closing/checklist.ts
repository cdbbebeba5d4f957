// The close checklist's rules over facts the server reads from the database:
// what must be true before an incident may be closed, each item with what
// blocks it and where it is fixed. Pure, so every rule has a unit test.

export type CloseFacts = {
  /** Obligations neither met nor waived (titles), the GDPR Art. 33 notice included. */
  openObligations: readonly string[];
  obligationsTotal: number;
  /** Bulk actions and notice campaigns running, paused or awaiting approval. */
  activeBulkActions: number;
  activeCampaigns: number;
  /** Active withdrawal holds with no end date (held until released by hand). */
  undecidedHolds: number;
  activeHolds: number;
  /** The Article 33(3) report fields still missing (their labels). */
  missingReportFields: readonly string[];
};

type CloseCheckKey = "obligations" | "work" | "holds" | "report";

export type CloseCheckItem = {
  key: CloseCheckKey;
  label: string;
  ok: boolean;
  /** What the item found: "2 of 3 obligations open". */
  detail: string;
  /** Where it is fixed, under the incident's URL ("timeline", "bulk-actions"). */
  fixPath: string;
  fixLabel: string;
};

export type CloseChecklist = { ok: boolean; items: CloseCheckItem[] };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function obligationsItem(f: CloseFacts): CloseCheckItem {
  const open = f.openObligations.length;
  return {
    key: "obligations",
    label: "Every notification obligation met or waived with a reason",
    ok: open === 0,
    detail:
      open === 0
        ? `All ${plural(f.obligationsTotal, "obligation")} met or waived.`
        : `${open} of ${plural(f.obligationsTotal, "obligation")} neither met nor waived: ${f.openObligations.join("; ")}.`,
    fixPath: "timeline",
    fixLabel: "Record or waive the notifications on the timeline",
  };
}

function workItem(f: CloseFacts): CloseCheckItem {
  const parts = [
    f.activeBulkActions > 0 ? plural(f.activeBulkActions, "bulk action") : "",
    f.activeCampaigns > 0 ? plural(f.activeCampaigns, "notice campaign") : "",
  ].filter(Boolean);
  return {
    key: "work",
    label: "No bulk action or notice campaign running, paused or awaiting approval",
    ok: parts.length === 0,
    detail: parts.length === 0 ? "Nothing running or pending." : `${parts.join(" and ")} running, paused or awaiting approval.`,
    fixPath: f.activeBulkActions > 0 || f.activeCampaigns === 0 ? "bulk-actions" : "notices",
    fixLabel: f.activeBulkActions > 0 || f.activeCampaigns === 0 ? "Open bulk actions" : "Open notice campaigns",
  };
}

function holdsItem(f: CloseFacts): CloseCheckItem {
  return {
    key: "holds",
    label: "Every active withdrawal hold decided (kept with an end date, or released)",
    ok: f.undecidedHolds === 0,
    detail:
      f.undecidedHolds === 0
        ? f.activeHolds === 0
          ? "No active holds."
          : `${plural(f.activeHolds, "active hold")}, each with an end date.`
        : `${plural(f.undecidedHolds, "active hold")} with no end date.`,
    fixPath: "accounts?action=hold_active",
    fixLabel: "Open accounts on hold",
  };
}

function reportItem(f: CloseFacts): CloseCheckItem {
  const missing = f.missingReportFields.length;
  return {
    key: "report",
    label: "The report's Article 33(3) text complete",
    ok: missing === 0,
    detail: missing === 0 ? "Every Article 33(3) field is written." : `Missing: ${f.missingReportFields.join(", ")}.`,
    fixPath: "report",
    fixLabel: "Complete the report",
  };
}

/** The checklist: it passes when every item does. */
export function evaluateCloseChecklist(facts: CloseFacts): CloseChecklist {
  const items = [obligationsItem(facts), workItem(facts), holdsItem(facts), reportItem(facts)];
  return { ok: items.every((i) => i.ok), items };
}
