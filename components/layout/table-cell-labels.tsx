"use client";

import { usePathname } from "next/navigation";
import { useEffect } from "react";

// The tables this leaves alone: the Exposed accounts table lays out its own cards.
const TABLES = "main table:not(.tt-table)";

/** Each body cell of the table gets its column's header text as data-label (colspans counted). */
function labelCells(table: HTMLTableElement): void {
  const headerRow = table.tHead?.rows[table.tHead.rows.length - 1];
  if (!headerRow) return;
  const labels: string[] = [];
  for (const cell of Array.from(headerRow.cells)) {
    const text = (cell.textContent ?? "").replace(/\s+/g, " ").trim();
    for (let i = 0; i < cell.colSpan; i++) labels.push(i === 0 ? text : "");
  }
  for (const body of Array.from(table.tBodies)) {
    for (const row of Array.from(body.rows)) {
      let column = 0;
      for (const cell of Array.from(row.cells)) {
        const label = cell.colSpan > 1 ? "" : (labels[column] ?? "");
        if (label && cell.dataset.label !== label) cell.dataset.label = label;
        column += cell.colSpan;
      }
    }
  }
}

/**
 * Below 640 px the app's tables become lists of cards (small-screens.css); a
 * card's cells name their column from this data-label, copied in the browser
 * from each table's header so that no page sends its column names once per
 * cell. Rows that arrive later (a refresh, a page of results) are labelled as
 * they come. Without it the cards still fit; they only lack the names.
 */
export function TableCellLabels() {
  const pathname = usePathname();
  useEffect(() => {
    const main = document.querySelector("main");
    if (!main) return;
    const labelAll = () => document.querySelectorAll<HTMLTableElement>(TABLES).forEach(labelCells);
    labelAll();
    const observer = new MutationObserver(labelAll);
    observer.observe(main, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [pathname]);
  return null;
}
