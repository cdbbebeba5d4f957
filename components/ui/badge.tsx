import type { ReactNode } from "react";

// The tones' colours are in globals.css (.badge[data-tone]): a badge repeats
// on every row of the Exposed accounts table, and a short class keeps each
// page's HTML small.
export type BadgeTone = "neutral" | "info" | "success" | "warning" | "danger";

export function Badge({ tone = "neutral", title, children }: { tone?: BadgeTone; title?: string; children: ReactNode }) {
  return (
    <span title={title} className="badge" data-tone={tone}>
      {children}
    </span>
  );
}
