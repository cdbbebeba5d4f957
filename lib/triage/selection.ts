import { z } from "zod";
import { storableText } from "../validation/storable";

// What the analyst has selected in the triage table: rows ticked one by one
// (only on the page in view), or every row that matches the filter, however
// many pages that is. The filter travels as the table's URL query, so the
// server resolves it with the same parser and WHERE clause as the table.
export type TriageSelection = { allMatching: false; ids: readonly number[] } | { allMatching: true; query: string };

export const MAX_EXPLICIT_SELECTION = 200;

export const TriageSelectionInput = z.union([
  z.object({
    allMatching: z.literal(false),
    ids: z.array(z.number().int().positive()).min(1, "Select at least one account.").max(MAX_EXPLICIT_SELECTION),
  }),
  z.object({ allMatching: z.literal(true), query: storableText().max(4000) }),
]);

export const EMPTY_SELECTION: TriageSelection = { allMatching: false, ids: [] };

export function isRowSelected(selection: TriageSelection, id: number): boolean {
  return selection.allMatching || selection.ids.includes(id);
}

/** Ticking or unticking one row. Unticking a row of "all matching" narrows to the rest of the page. */
export function toggleRow(selection: TriageSelection, id: number, pageIds: readonly number[]): TriageSelection {
  if (selection.allMatching) return { allMatching: false, ids: pageIds.filter((other) => other !== id) };
  return selection.ids.includes(id)
    ? { allMatching: false, ids: selection.ids.filter((other) => other !== id) }
    : { allMatching: false, ids: [...selection.ids, id] };
}

export type PageCheckState = "none" | "some" | "all";

export function pageCheckState(selection: TriageSelection, pageIds: readonly number[]): PageCheckState {
  if (pageIds.length === 0) return "none";
  if (selection.allMatching) return "all";
  const selected = pageIds.filter((id) => selection.ids.includes(id)).length;
  if (selected === 0) return "none";
  return selected === pageIds.length ? "all" : "some";
}

/** The header checkbox: selects the page, or clears when the page is already selected. */
export function togglePage(selection: TriageSelection, pageIds: readonly number[]): TriageSelection {
  return pageCheckState(selection, pageIds) === "all" ? EMPTY_SELECTION : { allMatching: false, ids: [...pageIds] };
}

export function selectAllMatching(query: string): TriageSelection {
  return { allMatching: true, query };
}

/** How many rows the selection holds, given how many match the filter. */
export function selectionSize(selection: TriageSelection, matching: number): number {
  return selection.allMatching ? matching : selection.ids.length;
}
