"use client";

import { useRef } from "react";
import type { FormAction } from "@/lib/action-result";
import { ROLES, ROLE_LABELS } from "@/lib/auth/permissions";
import { useFormAction } from "../ui/use-form-action";
import { SubmitButton } from "../ui/submit-button";

const input =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/20 aria-[invalid=true]:border-red-400";

export function CreateStaffForm({ action }: { action: FormAction }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [state, onSubmit, pending] = useFormAction(action, () => formRef.current?.reset());
  const fieldError = (name: string) => (state?.ok === false ? state.fieldErrors?.[name] : undefined);
  const field = (name: string, label: string, type: string, autoComplete: string) => (
    <div>
      <label htmlFor={`new-${name}`} className="block text-xs font-medium text-slate-700">
        {label}
      </label>
      <input
        id={`new-${name}`}
        name={name}
        type={type}
        autoComplete={autoComplete}
        required
        aria-invalid={fieldError(name) ? true : undefined}
        aria-describedby={fieldError(name) ? `new-${name}-error` : undefined}
        className={input}
      />
      {fieldError(name) ? (
        <p id={`new-${name}-error`} className="mt-1 text-xs text-red-600">
          {fieldError(name)}
        </p>
      ) : null}
    </div>
  );
  return (
    <form method="post" ref={formRef} onSubmit={onSubmit} className="grid gap-4 md:grid-cols-5 md:items-start" noValidate>
      {field("name", "Name", "text", "off")}
      {field("email", "Work e-mail", "email", "off")}
      <div>
        <label htmlFor="new-role" className="block text-xs font-medium text-slate-700">
          Role
        </label>
        <select id="new-role" name="role" defaultValue="support_agent" className={input}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      {field("password", "Initial password", "password", "new-password")}
      <div className="md:pt-5">
        <SubmitButton
          disabled={pending}
          className="w-full rounded-md bg-brand-600 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {pending ? "Adding…" : "Add staff user"}
        </SubmitButton>
      </div>
      <p
        aria-live="polite"
        className={`text-sm md:col-span-5 ${state?.ok === false ? "text-red-600" : "text-emerald-700"}`}
      >
        {state?.message}
      </p>
    </form>
  );
}
