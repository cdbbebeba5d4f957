"use client";

import { useCallback, useSyncExternalStore } from "react";
import { DEFAULT_TRIAGE_VIEW, parseTriageTableView, type TriageTableView } from "@/lib/triage/table-view";

// Per browser, not per account: a phone and a desk screen want different columns.
const STORAGE_KEY = "breachdesk.triage-table.view";
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab's change arrives as a storage event.
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

function readRaw(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage refused (private mode, policy): the defaults serve
  }
}

// Parsed once per stored string, so that useSyncExternalStore sees a stable snapshot.
let cached: { raw: string | null; view: TriageTableView } = { raw: null, view: DEFAULT_TRIAGE_VIEW };
function snapshot(): TriageTableView {
  const raw = readRaw();
  if (raw !== cached.raw) cached = { raw, view: parseTriageTableView(raw) };
  return cached.view;
}

/**
 * The Exposed accounts table's columns and density as this browser remembers
 * them. The server renders the defaults; the browser switches to the stored
 * view after hydration.
 */
export function useTriageTableView(): [TriageTableView, (view: TriageTableView) => void] {
  const view = useSyncExternalStore(subscribe, snapshot, () => DEFAULT_TRIAGE_VIEW);
  const setView = useCallback((next: TriageTableView) => {
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    } catch {
      // Not remembered, but still applied below for this page.
      cached = { raw: JSON.stringify(next), view: next };
    }
    for (const listener of listeners) listener();
  }, []);
  return [view, setView];
}
