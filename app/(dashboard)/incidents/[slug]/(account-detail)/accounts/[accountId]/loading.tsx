import { Skeleton } from "@/components/ui/card";

export default function Loading() {
  return (
    <div className="space-y-5" role="status" aria-label="Loading account">
      <Skeleton className="h-12 w-72" />
      <div className="grid gap-5 xl:grid-cols-3">
        <Skeleton className="h-80 xl:col-span-2" />
        <Skeleton className="h-80" />
      </div>
    </div>
  );
}
