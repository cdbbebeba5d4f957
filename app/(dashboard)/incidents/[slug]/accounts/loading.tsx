import { Skeleton } from "@/components/ui/card";

// Sent with every first view of the table (it is the fallback the rows stream
// into), so one bar per row rather than one per cell.
export default function Loading() {
  return (
    <div className="space-y-3" role="status" aria-label="Loading exposed accounts">
      <Skeleton className="h-12 w-full rounded-xl" />
      <Skeleton className="h-5 w-48" />
      <div className="space-y-4 overflow-hidden rounded-xl border border-slate-200 bg-white pb-4">
        <Skeleton className="h-9 w-full rounded-none" />
        {Array.from({ length: 12 }, (_, i) => (
          <Skeleton key={i} className="mx-3 h-4" />
        ))}
      </div>
    </div>
  );
}
