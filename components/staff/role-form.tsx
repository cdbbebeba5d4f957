"use client";

import { useState } from "react";
import type { FormAction } from "@/lib/action-result";
import { countNarrowedBy, ROLES, ROLE_LABELS, type Permission, type Role } from "@/lib/auth/permissions";
import { useFormAction } from "../ui/use-form-action";
import { SubmitButton } from "../ui/submit-button";

export function RoleForm({
  userId,
  email,
  role,
  apiTokenGrants,
  action,
}: {
  userId: string;
  email: string;
  role: Role;
  /** What each of their working API tokens was made to do: they act within their creator's role. */
  apiTokenGrants: readonly (readonly Permission[])[];
  action: FormAction;
}) {
  const [state, onSubmit, pending] = useFormAction(action);
  const [chosen, setChosen] = useState<Role>(role);
  const narrowed = countNarrowedBy(apiTokenGrants, role, chosen);
  return (
    <form method="post" onSubmit={onSubmit} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="userId" value={userId} />
      <label htmlFor={`role-${userId}`} className="sr-only">
        Role of {email}
      </label>
      <select
        id={`role-${userId}`}
        name="role"
        value={chosen}
        onChange={(event) => setChosen(event.target.value as Role)}
        aria-describedby={narrowed > 0 ? `role-tokens-${userId}` : undefined}
        className="rounded-md border border-slate-300 bg-white py-1.5 pl-2 pr-8 text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/20"
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </select>
      <SubmitButton
        disabled={pending}
        className="rounded-md px-2.5 py-1.5 text-xs font-semibold text-brand-700 ring-1 ring-inset ring-brand-100 hover:bg-brand-50 disabled:opacity-60"
      >
        {pending ? "Saving…" : "Save"}
      </SubmitButton>
      {narrowed > 0 ? (
        <span id={`role-tokens-${userId}`} data-testid="role-change-narrows-tokens" className="text-xs text-amber-700">
          Narrows {narrowed} of their {apiTokenGrants.length} API token{apiTokenGrants.length === 1 ? "" : "s"}
        </span>
      ) : null}
      <span aria-live="polite" className={`text-xs ${state?.ok === false ? "text-red-600" : "text-emerald-700"}`}>
        {state?.message}
      </span>
    </form>
  );
}
