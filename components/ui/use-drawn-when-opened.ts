"use client";

import { useLayoutEffect, useRef, useState, type RefObject, type SyntheticEvent } from "react";

/**
 * For a <details> whose contents are drawn in the browser when it is first
 * opened, not by the server on every view (docs/benchmarks.md, pages under load):
 * the ref to put on it, whether it has been opened yet, and the onToggle
 * handler that records it. Once drawn, the contents stay (closing only hides
 * them). A <details> opened before React hydrated it fired its toggle event
 * with nobody listening: on mount, an element already open counts as opened.
 */
export function useDrawnWhenOpened(): [
  ref: RefObject<HTMLDetailsElement | null>,
  opened: boolean,
  onToggle: (event: SyntheticEvent<HTMLDetailsElement>) => void,
] {
  const ref = useRef<HTMLDetailsElement>(null);
  const [opened, setOpened] = useState(false);
  useLayoutEffect(() => {
    if (ref.current?.open) setOpened(true);
  }, []);
  return [
    ref,
    opened,
    (event) => {
      if (event.currentTarget.open) setOpened(true);
    },
  ];
}
