"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { formatCount } from "@/lib/format/numbers";
import { useHydrated } from "../ui/use-hydrated";

export type UploadKind = { value: string; label: string; accept: string; hint: string };

type Summary = {
  importId: string;
  rows: number;
  imported: number;
  duplicates: number;
  rejected: number;
  blankLines: number;
  matched?: number;
  unmatched?: number;
  updated?: number;
  ms: number;
};

type JobProgress = { phase: string; rows: number; rejected: number; bytesRead: number; bytesTotal: number | null };

type State =
  | { step: "idle" }
  | { step: "uploading"; importId: string; sent: number; total: number; job: JobProgress | null }
  | { step: "done"; summary: Summary }
  | { step: "failed"; message: string; fields?: Record<string, string>; importId?: string };

const PHASE_LABEL: Record<string, string> = {
  reading: "Reading and checking rows",
  applying: "Matching accounts and ranking risk",
  done: "Done",
};

/**
 * Uploads a file as the request body (streamed: the server parses while it
 * receives) and shows two progress sources: bytes sent, from the browser, and
 * the import's own phase and row counts, polled from the server.
 */
export function UploadForm({ uploadUrl, kinds }: { uploadUrl: string; kinds: UploadKind[] }) {
  const router = useRouter();
  const [state, setState] = useState<State>({ step: "idle" });
  const [kind, setKind] = useState(kinds[0]!.value);
  const polling = useRef<number | null>(null);
  const current = kinds.find((k) => k.value === kind) ?? kinds[0]!;

  useEffect(() => () => stopPolling(), []);

  function stopPolling() {
    if (polling.current !== null) window.clearInterval(polling.current);
    polling.current = null;
  }

  function poll(importId: string) {
    polling.current = window.setInterval(async () => {
      const response = await fetch(`/api/v1/imports/${importId}`, { cache: "no-store" });
      if (!response.ok) return;
      const job = (await response.json()) as JobProgress;
      setState((s) => (s.step === "uploading" && s.importId === importId ? { ...s, job } : s));
    }, 400);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) {
      setState({ step: "failed", message: "Choose a file to import.", fields: { file: "Choose a file." } });
      return;
    }
    const importId = crypto.randomUUID();
    const params = new URLSearchParams({ kind, fileName: file.name, importId });
    const column = String(form.get("column") ?? "").trim();
    if (column) params.set("column", column);

    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${uploadUrl}?${params}`);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.upload.onprogress = (e) =>
      setState((s) => (s.step === "uploading" ? { ...s, sent: e.loaded, total: e.total || file.size } : s));
    xhr.onload = () => {
      stopPolling();
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status === 201) {
        setState({ step: "done", summary: body as Summary });
        router.refresh();
      } else {
        const error = (body as { error?: { message?: string; fields?: Record<string, string> } } | null)?.error;
        setState({
          step: "failed",
          message: error?.message ?? `The import failed (HTTP ${xhr.status}).`,
          fields: error?.fields,
          importId,
        });
        router.refresh();
      }
    };
    xhr.onerror = () => {
      stopPolling();
      setState({
        step: "failed",
        message: "The connection was lost during the upload. Nothing was applied; try again.",
      });
    };
    setState({ step: "uploading", importId, sent: 0, total: file.size, job: null });
    poll(importId);
    xhr.send(file);
  }

  const busy = state.step === "uploading";
  // Before hydration the form would post natively (the file to this page, nothing imported): its
  // controls wait until onSubmit is there to send it.
  const hydrated = useHydrated();
  const percent =
    state.step === "uploading"
      ? state.job?.phase === "applying"
        ? 100
        : Math.min(100, Math.round(((state.job?.bytesRead ?? state.sent) / Math.max(1, state.total)) * 100))
      : 0;

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-5" aria-describedby="upload-status">
      <fieldset
        className="grid gap-4 md:grid-cols-[minmax(0,1.2fr)_minmax(0,1.4fr)_minmax(0,0.8fr)_auto] md:items-end"
        disabled={busy || !hydrated}
      >
        <div>
          <label htmlFor="import-kind" className="block text-xs font-medium text-slate-700">
            The file holds
          </label>
          <select
            id="import-kind"
            value={kind}
            onChange={(e) => setKind(e.target.value)}
            className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/20"
          >
            {kinds.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="import-file" className="block text-xs font-medium text-slate-700">
            File
          </label>
          <input
            id="import-file"
            name="file"
            type="file"
            accept={current.accept}
            className="mt-1 block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium file:text-slate-700 hover:file:bg-slate-200"
          />
        </div>
        <div>
          <label htmlFor="import-column" className="block text-xs font-medium text-slate-700">
            Address column <span className="font-normal text-slate-500">(optional)</span>
          </label>
          <input
            id="import-column"
            name="column"
            placeholder="auto-detect"
            className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/20"
          />
        </div>
        <button
          type="submit"
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 disabled:cursor-wait disabled:opacity-60"
        >
          {busy ? "Importing…" : "Import"}
        </button>
      </fieldset>
      <p className="text-xs text-slate-500">{current.hint}</p>

      <div id="upload-status" aria-live="polite">
        {state.step === "uploading" ? (
          <div className="rounded-lg border border-brand-100 bg-brand-50/60 p-4">
            <div className="flex items-center justify-between text-sm">
              <span className="font-medium text-brand-700">
                {PHASE_LABEL[state.job?.phase ?? "reading"] ?? state.job?.phase}
              </span>
              <span className="tabular-nums text-slate-600">
                {formatCount(state.job?.rows ?? 0)} rows · {formatCount(state.job?.rejected ?? 0)} rejected
              </span>
            </div>
            <div
              role="progressbar"
              aria-label="Import progress"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
              className="mt-3 h-2 overflow-hidden rounded-full bg-white"
            >
              <div className="h-full rounded-full bg-brand-600 transition-[width]" style={{ width: `${percent}%` }} />
            </div>
          </div>
        ) : null}
        {state.step === "done" ? (
          <div
            role="status"
            className="rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900"
          >
            <p className="font-semibold">Import finished in {(state.summary.ms / 1000).toFixed(1)} s.</p>
            <dl className="mt-2 grid grid-cols-2 gap-x-6 gap-y-1 sm:grid-cols-4">
              <Stat label="Rows" value={state.summary.rows} />
              <Stat label="Imported" value={state.summary.imported} />
              <Stat label="Already known" value={state.summary.duplicates} />
              <Stat label="Rejected" value={state.summary.rejected} />
              {state.summary.matched !== undefined ? (
                <Stat label="Matched (incident)" value={state.summary.matched} />
              ) : null}
              {state.summary.unmatched !== undefined ? (
                <Stat label="Unmatched (incident)" value={state.summary.unmatched} />
              ) : null}
              {state.summary.updated !== undefined ? <Stat label="Updated" value={state.summary.updated} /> : null}
            </dl>
            {state.summary.rejected > 0 ? (
              <a
                className="mt-3 inline-block font-medium text-emerald-800 underline"
                href={`/api/v1/imports/${state.summary.importId}/rejects`}
              >
                Download the rejected rows (CSV)
              </a>
            ) : null}
          </div>
        ) : null}
        {state.step === "failed" ? (
          <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
            <p className="font-semibold">The import did not run.</p>
            <p className="mt-1">{state.message}</p>
          </div>
        ) : null}
      </div>
    </form>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div>
      <dt className="text-xs text-emerald-700">{label}</dt>
      <dd className="font-semibold tabular-nums">{formatCount(value)}</dd>
    </div>
  );
}
