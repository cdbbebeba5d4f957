"use client";

/** Opens the browser's print dialog (and from there, Save as PDF). */
export function PrintButton({ label = "Print" }: { label?: string }) {
  return (
    <button
      type="button"
      onClick={() => window.print()}
      className="inline-flex items-center gap-2 rounded-md bg-brand-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 print:hidden"
    >
      <svg viewBox="0 0 20 20" className="h-4 w-4" aria-hidden fill="currentColor">
        <path d="M5 2.75A.75.75 0 0 1 5.75 2h8.5a.75.75 0 0 1 .75.75V6h1a2 2 0 0 1 2 2v5a2 2 0 0 1-2 2h-1v2.25a.75.75 0 0 1-.75.75h-8.5a.75.75 0 0 1-.75-.75V15H4a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h1V2.75ZM6.5 6h7V3.5h-7V6Zm0 7.5v3h7v-3h-7Z" />
      </svg>
      {label}
    </button>
  );
}
