"use client";

import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";

/**
 * The sidebar from lg (1024 px) up; below it a top bar with a menu button that
 * opens the same sidebar as a drawer over the page, so that a phone keeps its
 * whole width for the page. The drawer closes on Escape, on its backdrop, and
 * when a link in it navigates; focus goes into it on opening and back to the
 * button on closing.
 */
export function CollapsibleSidebar({ brand, children }: { brand: ReactNode; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const [shownFor, setShownFor] = useState(pathname);
  const drawerId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const drawer = useRef<HTMLDivElement>(null);

  // A navigation from inside the drawer closes it (state adjusted while rendering, as React advises).
  if (shownFor !== pathname) {
    setShownFor(pathname);
    if (open) setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    drawer.current?.querySelector<HTMLElement>("nav a")?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);

  return (
    <>
      <div className="no-print sticky top-0 z-30 flex h-14 items-center justify-between bg-ink-950 px-4 text-slate-300 lg:hidden">
        {brand}
        <button
          ref={button}
          type="button"
          aria-expanded={open}
          aria-controls={drawerId}
          onClick={() => setOpen(!open)}
          className="inline-flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium text-white ring-1 ring-inset ring-white/20 hover:bg-white/10"
        >
          <svg viewBox="0 0 24 24" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
            <path d={open ? "M6 6l12 12M18 6 6 18" : "M4 6h16M4 12h16M4 18h16"} />
          </svg>
          Menu
        </button>
      </div>
      {open ? (
        <div aria-hidden className="fixed inset-0 top-14 z-30 bg-ink-950/50 lg:hidden" onClick={() => setOpen(false)} />
      ) : null}
      <aside
        id={drawerId}
        data-open={open || undefined}
        className={`no-print w-64 shrink-0 bg-ink-950 text-slate-300 ${
          open ? "fixed bottom-0 left-0 top-14 z-40 overflow-y-auto" : "hidden"
        } lg:static lg:block lg:overflow-visible`}
      >
        <div
          ref={drawer}
          className={`flex flex-col px-4 py-5 lg:sticky lg:top-0 lg:h-screen ${open ? "min-h-full" : ""}`}
        >
          <div className="mb-8 hidden lg:block">{brand}</div>
          {children}
        </div>
      </aside>
    </>
  );
}
