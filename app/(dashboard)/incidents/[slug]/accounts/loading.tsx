import { Skeleton } from "@/components/ui/card";

export default function Loading() {
  return (
    <div className="space-y-3" role="status" aria-label="Loading exposed accounts">
      <Skeleton className="h-12 w-full rounded-xl" />
      <Skeleton className="h-5 w-48" />
      <div className="space-y-px overflow-hidden rounded-xl border border-slate-200 bg-white">
        <Skeleton className="h-9 w-full rounded-none" />
        {Array.from({ length: 12 }, (_, i) => (
          <div key={i} className="flex gap-4 px-3 py-2.5">
            <Skeleton className="h-4 w-16" />
            <Skeleton className="h-4 w-56" />
            <Skeleton className="h-4 w-24" />
            <Skeleton className="h-4 flex-1" />
            <Skeleton className="h-4 w-16" />
          </div>
        ))}
      </div>
    </div>
  );
}
