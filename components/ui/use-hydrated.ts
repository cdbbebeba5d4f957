"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False in the server's HTML and until React has hydrated this component;
 * true from then on. A form that submits from an onSubmit handler does
 * nothing of its own before then: a click or an Enter in that window would
 * submit it natively, reloading the page and dropping what was typed. Its
 * submit button stays disabled until this is true (a disabled default button
 * also stops Enter's implicit submission).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
