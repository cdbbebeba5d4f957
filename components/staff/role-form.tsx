"use client";

import type { FormAction } from "@/lib/action-result";
import { ROLES, ROLE_LABELS, type Role } from "@/lib/auth/permissions";
import { useFormAction } from "../ui/use-form-action";

export function RoleForm({
  userId,
  email,
  role,
  action,
}: {
  userId: string;
  email: string;
  role: Role;
  action: FormAction;
}) {
  const [state, onSubmit, pending] = useFormAction(action);
  return (
    <form onSubmit={onSubmit} className="flex items-center gap-2">
      <input type="hidden" name="userId" value={userId} />
      <label htmlFor={`role-${userId}`} className="sr-only">
        Role of {email}
      </label>
      <select
        id={`role-${userId}`}
        name="role"
        defaultValue={role}
        className="rounded-md border border-slate-300 bg-white py-1.5 pl-2 pr-8 text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/20"
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </select>
      <button
        type="submit"
        disabled={pending}
        className="rounded-md px-2.5 py-1.5 text-xs font-semibold text-brand-700 ring-1 ring-inset ring-brand-100 hover:bg-brand-50 disabled:opacity-60"
      >
        {pending ? "Saving…" : "Save"}
      </button>
      <span aria-live="polite" className={`text-xs ${state?.ok === false ? "text-red-600" : "text-emerald-700"}`}>
        {state?.message}
      </span>
    </form>
  );
}
