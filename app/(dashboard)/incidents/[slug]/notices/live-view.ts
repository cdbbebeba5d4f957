import type { NoticeLiveView } from "@/lib/notify/contracts";

/** What the live progress bar gets of a campaign: the same from the page's render and from each poll. */
export function noticeLiveView(view: NoticeLiveView): NoticeLiveView {
  return {
    status: view.status,
    total: view.total,
    sent: view.sent,
    bounced: view.bounced,
    failed: view.failed,
    inDoubt: view.inDoubt,
    cancelled: view.cancelled,
    deferred: view.deferred,
  };
}
