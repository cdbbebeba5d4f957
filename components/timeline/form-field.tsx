import type { ReactNode } from "react";
import type { ActionResult } from "@/lib/action-result";

export const inputClass =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/20 aria-[invalid=true]:border-red-400";

export const primaryButton =
  "rounded-md bg-brand-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 disabled:opacity-60";

/** For what cannot be undone or stops work: the confirm of a reject, a cancel, a forgetting step. */
export const dangerButton =
  "rounded-md bg-red-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-red-700 disabled:opacity-60";

export const secondaryButton =
  "rounded-md bg-white px-3 py-2 text-sm font-semibold text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:opacity-60";

export function fieldError(state: ActionResult | null, name: string): string | undefined {
  return state?.ok === false ? state.fieldErrors?.[name] : undefined;
}

/** A labelled control with its error, announced to screen readers. */
export function Field({
  id,
  label,
  error,
  hint,
  children,
  className = "",
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-xs font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint && !error ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The form's outcome line, announced politely; red-700 keeps its contrast on tinted panels. */
export function FormStatus({ state }: { state: ActionResult | null }) {
  return (
    <p role="status" aria-live="polite" className={`text-sm ${state?.ok === false ? "text-red-700" : "text-emerald-700"}`}>
      {state?.message ?? ""}
    </p>
  );
}

/** Accessibility attributes for a control whose field may have an error. */
export function invalidProps(id: string, error: string | undefined) {
  return error ? { "aria-invalid": true, "aria-describedby": `${id}-error` } : {};
}

/** Every API token expires: the days field both token forms share (the server caps it at 365). */
export function TokenExpiryField({ id, state }: { id: string; state: ActionResult | null }) {
  const error = fieldError(state, "expiresInDays");
  return (
    <Field id={id} label="Expires after (days)" error={error}>
      <input
        id={id}
        name="expiresInDays"
        type="number"
        min={1}
        max={365}
        defaultValue={90}
        className={inputClass}
        {...invalidProps(id, error)}
      />
    </Field>
  );
}
