"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

/** `exact`: current only on its own path (the overview, whose path starts every other page's). */
export type IncidentTab = { href: string; label: string; exact?: boolean };

/** The incident's sections. Only the tabs the viewer may open are passed in. */
export function IncidentTabs({ tabs }: { tabs: IncidentTab[] }) {
  const pathname = usePathname();
  const nav = useRef<HTMLElement>(null);
  const active = [...tabs]
    .sort((a, b) => b.href.length - a.href.length)
    .find((t) => pathname === t.href || (!t.exact && pathname.startsWith(`${t.href}/`)));
  // On a narrow screen the strip scrolls: bring the current tab into it (the strip only, never the page).
  useEffect(() => {
    const strip = nav.current;
    const current = strip?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!strip || !current || strip.scrollWidth <= strip.clientWidth) return;
    strip.scrollLeft = current.offsetLeft - strip.offsetLeft - (strip.clientWidth - current.offsetWidth) / 2;
  }, [pathname]);
  return (
    <nav
      ref={nav}
      aria-label="Incident sections"
      className="no-print -mb-px flex gap-4 overflow-x-auto border-b border-slate-200 sm:gap-6"
    >
      {tabs.map((tab) => {
        const current = tab.href === active?.href;
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={current ? "page" : undefined}
            className={`shrink-0 whitespace-nowrap border-b-2 px-1 pb-3 text-sm font-medium transition ${
              current
                ? "border-brand-600 text-brand-700"
                : "border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-800"
            }`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
