"use client";

import { formatInZone } from "@/lib/timeline/zoned-time";
import { useViewerTimeZone } from "./use-viewer-time-zone";

/** The instant on the viewer's clock ("7 Nov 2019, 10:12 CET"); nothing until the browser's zone is known. */
export function LocalTime({ iso, prefix = "" }: { iso: string; prefix?: string }) {
  const zone = useViewerTimeZone();
  if (!zone || zone === "UTC" || zone === "Etc/UTC") return null;
  return (
    <span data-testid="local-time">
      {prefix}
      {formatInZone(new Date(iso), zone)}
    </span>
  );
}
