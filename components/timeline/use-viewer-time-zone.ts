"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => undefined;
const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

/**
 * The browser's time zone, or null during server rendering and hydration, so
 * that the first client render matches the server's HTML.
 */
export function useViewerTimeZone(): string | null {
  return useSyncExternalStore(subscribe, zone, () => null);
}
