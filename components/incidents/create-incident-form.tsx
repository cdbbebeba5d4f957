"use client";

import { useState } from "react";
import type { FormAction } from "@/lib/action-result";
import { formatUtc } from "@/lib/format/dates";
import { useFormAction } from "../ui/use-form-action";
import { SubmitButton } from "../ui/submit-button";

const input =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/20 aria-[invalid=true]:border-red-400";

/** A datetime-local value read as UTC, in the app's own format ("7 Nov 2019, 09:12 UTC"); null when incomplete. */
function asUtc(value: string): string | null {
  const date = new Date(`${value}Z`);
  return value && !Number.isNaN(date.getTime()) ? formatUtc(date) : null;
}

/**
 * Times are entered in UTC (datetime-local carries no zone; the label says
 * so). The browser shows the field in its own locale's format, so the time is
 * repeated under it as the rest of the app writes times.
 */
export function CreateIncidentForm({ action }: { action: FormAction }) {
  const [times, setTimes] = useState<Record<string, string>>({});
  const [state, onSubmit, pending] = useFormAction(async (previous, formData) => {
    for (const name of ["awareAt", "leakStartedAt"]) {
      const value = String(formData.get(name) ?? "");
      if (value) formData.set(name, `${value}Z`);
    }
    return action(previous, formData);
  });
  const error = (name: string) => (state?.ok === false ? state.fieldErrors?.[name] : undefined);
  const field = (name: string, label: string, type: string, placeholder?: string) => (
    <div>
      <label htmlFor={`incident-${name}`} className="block text-xs font-medium text-slate-700">
        {label}
      </label>
      <input
        id={`incident-${name}`}
        name={name}
        type={type}
        placeholder={placeholder}
        step={type === "datetime-local" ? 60 : undefined}
        onChange={type === "datetime-local" ? (e) => setTimes((t) => ({ ...t, [name]: e.target.value })) : undefined}
        aria-invalid={error(name) ? true : undefined}
        aria-describedby={
          [error(name) ? `incident-${name}-error` : "", type === "datetime-local" ? `incident-${name}-utc` : ""].join(" ").trim() ||
          undefined
        }
        className={input}
      />
      {type === "datetime-local" ? (
        <p id={`incident-${name}-utc`} className="mt-1 text-xs text-slate-500" data-testid={`incident-${name}-utc`}>
          {asUtc(times[name] ?? "") ?? "Day and time in UTC"}
        </p>
      ) : null}
      {error(name) ? (
        <p id={`incident-${name}-error`} className="mt-1 text-xs text-red-600">
          {error(name)}
        </p>
      ) : null}
    </div>
  );
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="grid gap-4 md:grid-cols-[1.4fr_1fr_1fr_1fr_auto] md:items-start">
      {field("title", "Title", "text", "What leaked, in a few words")}
      {field("slug", "Id (for URLs and the CLI)", "text", "2024-03-newsletter-leak")}
      {field("awareAt", "Became aware (T0), UTC", "datetime-local")}
      {field("leakStartedAt", "Leak started, UTC (optional)", "datetime-local")}
      <div className="md:pt-5">
        <SubmitButton
          disabled={pending}
          className="w-full rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {pending ? "Creating…" : "Create incident"}
        </SubmitButton>
      </div>
      <p aria-live="polite" className="text-sm text-red-600 md:col-span-5">
        {state?.ok === false ? state.message : null}
      </p>
    </form>
  );
}
