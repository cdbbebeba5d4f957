"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

const RUNNING_POLL_MS = 2_000;
const IDLE_POLL_MS = 10_000;

/**
 * Keeps the page's numbers and charts current without a reload: polls the
 * remediation's version (cheap) and re-renders the server components when it
 * changes. Fast while a bulk action runs, slow otherwise; paused while the
 * tab is hidden.
 */
export function RemediationAutoRefresh({
  versionUrl,
  version,
  running,
  generatedAt,
}: {
  versionUrl: string;
  version: string;
  running: number;
  generatedAt: string;
}) {
  const router = useRouter();
  const seen = useRef(version);
  // The last poll's answer is newer than the props of the render it triggered.
  const [polled, setPolled] = useState<number | null>(null);
  const live = polled ?? running;
  useEffect(() => {
    seen.current = version;
  }, [version]);
  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    const poll = async () => {
      if (!document.hidden) {
        try {
          const response = await fetch(versionUrl, { cache: "no-store" });
          if (response.ok) {
            const next = (await response.json()) as { version: string; running: number };
            setPolled(next.running);
            if (next.version !== seen.current) {
              seen.current = next.version;
              router.refresh();
            }
          }
        } catch {
          // Offline for a moment: the next poll tries again.
        }
      }
      if (!stopped) timer = window.setTimeout(poll, live ? RUNNING_POLL_MS : IDLE_POLL_MS);
    };
    timer = window.setTimeout(poll, live ? RUNNING_POLL_MS : IDLE_POLL_MS);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [versionUrl, router, live]);
  return (
    <p role="status" aria-live="polite" className="flex items-center gap-2 text-xs text-slate-600 print:hidden">
      <span
        aria-hidden
        className={`inline-block h-2 w-2 rounded-full ${live ? "animate-pulse bg-emerald-500" : "bg-slate-300"}`}
      />
      {live
        ? `Live: ${live === 1 ? "a bulk action is" : `${live} bulk actions are`} running; the numbers update by themselves.`
        : `Numbers as of ${generatedAt}; they update by themselves when a bulk action runs.`}
    </p>
  );
}
