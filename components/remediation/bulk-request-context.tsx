"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { BulkRequestActions } from "./bulk-request-form";

export type BulkRequestContextValue = {
  actions: BulkRequestActions;
  defaultHoldHours: number;
};

const BulkRequestContext = createContext<BulkRequestContextValue | null>(null);

/**
 * Hands the bulk-request server actions to the triage table's selection bar,
 * which sits inside the table. Pages wrap the table in it only when the
 * viewer may request bulk actions.
 */
export function BulkRequestProvider({ value, children }: { value: BulkRequestContextValue; children: ReactNode }) {
  return <BulkRequestContext value={value}>{children}</BulkRequestContext>;
}

export function useBulkRequest(): BulkRequestContextValue | null {
  return useContext(BulkRequestContext);
}
