"use client";

import { usePathname, useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { createPortal } from "react-dom";
import type { RiskTier } from "@/lib/risk/rules";
import { TIER_LABELS } from "@/lib/triage/labels";

/** A page or an action the palette offers; `href` under an incident is relative to its base ("/remediation"). */
export type PaletteCommand = { label: string; href: string; group: "Pages" | "Actions"; keywords?: string };

type FoundAccount = {
  externalId: string;
  email: string;
  riskTier: RiskTier;
  incidentSlug: string;
  incidentTitle: string;
};
export type PaletteSearch = (
  slug: string | null,
  query: string,
) => Promise<{ ok: true; accounts: FoundAccount[] } | { ok: false; message: string }>;

type Item = { key: string; label: string; detail?: string; href: string; group: string; keywords?: string };

const SEARCH_DELAY_MS = 200;

/** The incident the page belongs to, from its URL. */
function incidentSlugOf(pathname: string): string | null {
  const match = /^\/incidents\/([^/]+)/.exec(pathname);
  return match ? decodeURIComponent(match[1]!) : null;
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

/**
 * Ctrl K (⌘K on a Mac) anywhere, or the button: one box that finds accounts
 * (by account id or address, masked as the role requires), pages and
 * actions. "/" puts the cursor in the page's table search when it has one
 * (the Exposed accounts filter), or opens the palette.
 */
export function CommandPalette({
  commands,
  incidentCommands,
  search,
  masked,
}: {
  commands: PaletteCommand[];
  /** Offered when a page of an incident is open, under that incident. */
  incidentCommands: PaletteCommand[];
  /** Absent for a role that may not read accounts. */
  search: PaletteSearch | null;
  /** The viewer sees addresses masked: an address finds its account only when typed whole. */
  masked: boolean;
}) {
  const id = useId();
  const router = useRouter();
  const pathname = usePathname();
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const [accounts, setAccounts] = useState<{ query: string; items: Item[]; message: string | null }>({
    query: "",
    items: [],
    message: null,
  });
  const slug = incidentSlugOf(pathname);

  const open = () => {
    setQuery("");
    setActive(0);
    dialog.current?.showModal();
    input.current?.focus();
  };
  const close = () => dialog.current?.close();

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k") {
        event.preventDefault();
        if (dialog.current?.open) close();
        else open();
        return;
      }
      if (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target)) {
        event.preventDefault();
        const tableSearch = document.querySelector<HTMLInputElement>("[data-table-search]");
        if (tableSearch) tableSearch.focus();
        else open();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // Accounts are looked up on the server once typing pauses.
  const trimmed = query.trim();
  useEffect(() => {
    if (!search || trimmed.length < 2) return;
    let stale = false;
    const timer = setTimeout(async () => {
      const result = await search(slug, trimmed).catch(() => ({
        ok: false as const,
        message: "The server did not answer.",
      }));
      if (stale) return;
      setAccounts(
        result.ok
          ? {
              query: trimmed,
              message: null,
              items: result.accounts.map((a) => ({
                key: `account:${a.incidentSlug}:${a.externalId}`,
                label: a.externalId,
                detail: `${a.email} · ${TIER_LABELS[a.riskTier]}${slug ? "" : ` · ${a.incidentTitle}`}`,
                href: `/incidents/${encodeURIComponent(a.incidentSlug)}/accounts/${encodeURIComponent(a.externalId)}`,
                group: "Accounts",
              })),
            }
          : { query: trimmed, items: [], message: result.message },
      );
    }, SEARCH_DELAY_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [search, slug, trimmed]);

  const items = useMemo(() => {
    const needle = trimmed.toLowerCase();
    const base = slug ? `/incidents/${encodeURIComponent(slug)}` : null;
    const all: Item[] = [
      ...(base
        ? incidentCommands.map((c) => ({
            key: `i:${c.href}:${c.label}`,
            label: c.label,
            href: `${base}${c.href}`,
            group: c.group,
            keywords: c.keywords,
          }))
        : []),
      ...commands.map((c) => ({
        key: `g:${c.href}:${c.label}`,
        label: c.label,
        href: c.href,
        group: c.group,
        keywords: c.keywords,
      })),
    ];
    const matching = all.filter((c) => !needle || `${c.label} ${c.keywords ?? ""}`.toLowerCase().includes(needle));
    const found = accounts.query === trimmed && trimmed.length >= 2 ? accounts.items : [];
    return [...found, ...matching];
  }, [trimmed, slug, commands, incidentCommands, accounts]);

  const go = (item: Item | undefined) => {
    if (!item) return;
    close();
    router.push(item.href);
  };

  const inBrowser = useSyncExternalStore(
    subscribeNever,
    () => true,
    () => false,
  );
  const searching = search !== null && trimmed.length >= 2 && accounts.query !== trimmed;
  const message = accounts.query === trimmed ? accounts.message : null;
  const activeIndex = Math.min(active, Math.max(items.length - 1, 0));
  let lastGroup = "";

  return (
    <>
      <button
        type="button"
        onClick={open}
        className="flex w-full items-center justify-between gap-2 rounded-lg border border-white/10 bg-white/5 px-3 py-2 text-left text-sm text-slate-400 hover:bg-white/10 hover:text-slate-100"
      >
        <span>Search…</span>
        <kbd className="rounded bg-white/10 px-1.5 text-[11px] font-medium text-slate-300">Ctrl K</kbd>
      </button>
      {/* In the body, not beside the button: on a phone the button sits in the folded navigation
          (display: none), which would hide the dialog with it. */}
      {inBrowser
        ? createPortal(
            <dialog
              ref={dialog}
              aria-label="Search accounts, pages and actions"
              className="mx-auto mt-[12vh] w-[min(40rem,calc(100vw-2rem))] rounded-xl bg-white p-0 shadow-2xl backdrop:bg-slate-900/40"
              onClick={(event) => {
                // A click on the backdrop (the dialog element itself) closes it.
                if (event.target === dialog.current) close();
              }}
            >
              <div className="border-b border-slate-200 p-3">
                <input
                  ref={input}
                  role="combobox"
                  aria-expanded={items.length > 0}
                  aria-controls={`${id}-list`}
                  aria-activedescendant={items.length ? `${id}-item-${activeIndex}` : undefined}
                  aria-autocomplete="list"
                  aria-label="Search accounts, pages and actions"
                  aria-describedby={`${id}-help`}
                  value={query}
                  onChange={(event) => {
                    setQuery(event.target.value);
                    setActive(0);
                  }}
                  onKeyDown={(event) => {
                    if (event.key === "ArrowDown") {
                      event.preventDefault();
                      setActive((activeIndex + 1) % Math.max(items.length, 1));
                    } else if (event.key === "ArrowUp") {
                      event.preventDefault();
                      setActive((activeIndex - 1 + items.length) % Math.max(items.length, 1));
                    } else if (event.key === "Enter") {
                      event.preventDefault();
                      go(items[activeIndex]);
                    }
                  }}
                  placeholder={search ? "Account id, e-mail, page or action" : "Page or action"}
                  autoComplete="off"
                  spellCheck={false}
                  className="h-10 w-full rounded-md border-0 px-3 text-base text-slate-900 ring-1 ring-inset ring-slate-300 placeholder:text-slate-500 focus:ring-2 focus:ring-brand-500"
                />
                <p id={`${id}-help`} className="mt-1.5 px-1 text-xs text-slate-500">
                  {search
                    ? slug
                      ? "Accounts of this incident by id or address. ↑ ↓ to choose, Enter to open, Esc to close."
                      : "Accounts of every incident by id or address. ↑ ↓ to choose, Enter to open, Esc to close."
                    : "↑ ↓ to choose, Enter to open, Esc to close."}
                </p>
              </div>
              <ul id={`${id}-list`} role="listbox" aria-label="Results" className="max-h-[50vh] overflow-y-auto p-2">
                {items.map((item, index) => {
                  const heading = item.group !== lastGroup ? item.group : null;
                  lastGroup = item.group;
                  return (
                    <li
                      key={item.key}
                      id={`${id}-item-${index}`}
                      role="option"
                      aria-selected={index === activeIndex}
                      onMouseMove={() => setActive(index)}
                      onClick={() => go(item)}
                      className={`cursor-pointer rounded-md px-3 py-2 text-sm ${index === activeIndex ? "bg-brand-50 text-brand-900" : "text-slate-800"}`}
                    >
                      {heading ? (
                        <span className="mb-0.5 block text-[11px] font-semibold uppercase tracking-wide text-slate-600">
                          {heading}
                        </span>
                      ) : null}
                      <span className={item.group === "Accounts" ? "font-mono" : "font-medium"}>{item.label}</span>
                      {item.detail ? (
                        <span className="ml-2 break-all text-xs text-slate-600">{item.detail}</span>
                      ) : null}
                    </li>
                  );
                })}
              </ul>
              <p role="status" className="px-5 pb-3 text-xs text-slate-600">
                {searching
                  ? "Searching accounts…"
                  : (message ??
                    (items.length > 0
                      ? ""
                      : masked && trimmed.includes("@")
                        ? "No exposed account has exactly this address (addresses are masked for your role: type the whole address)."
                        : "Nothing found."))}
              </p>
            </dialog>,
            document.body,
          )
        : null}
    </>
  );
}

const subscribeNever = () => () => {};
