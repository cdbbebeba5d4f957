"use client";

import { useState, type SyntheticEvent } from "react";

/**
 * For a <details> whose contents are drawn in the browser when it is first
 * opened, not by the server on every view (docs/benchmarks.md, pages under load):
 * whether it has been opened yet, and the onToggle handler that records it.
 * Once drawn, the contents stay (closing only hides them).
 */
export function useDrawnWhenOpened(): [opened: boolean, onToggle: (event: SyntheticEvent<HTMLDetailsElement>) => void] {
  const [opened, setOpened] = useState(false);
  return [
    opened,
    (event) => {
      if (event.currentTarget.open) setOpened(true);
    },
  ];
}
