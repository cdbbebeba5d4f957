import type { BulkLiveView } from "@/lib/remediation/contracts";

type Counts = Pick<BulkLiveView, "status" | "total" | "succeeded" | "skipped" | "failed" | "cancelled">;

/** What the live progress bar gets of a bulk action: the same from the page's render and from each poll. */
export function bulkLiveView(
  view: Counts & { startedAt?: string | null; finishedAt?: string | null; pauseReason?: string | null },
): BulkLiveView {
  return {
    status: view.status,
    total: view.total,
    succeeded: view.succeeded,
    skipped: view.skipped,
    failed: view.failed,
    cancelled: view.cancelled,
    startedAt: view.startedAt ?? null,
    finishedAt: view.finishedAt ?? null,
    pauseReason: view.pauseReason ?? null,
  };
}
