import { matchCountText } from "@/lib/triage/labels";

/** The number of matching rows, counted in its own Suspense boundary so the table does not wait for it. */
export async function TriageResultCount({ count }: { count: Promise<number> }) {
  const n = await count;
  return (
    <p role="status" className="text-sm font-medium text-slate-800" data-testid="match-count">
      {matchCountText(n)}
    </p>
  );
}
