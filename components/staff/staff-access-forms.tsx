"use client";

import type { FormAction } from "@/lib/action-result";
import { useFormAction } from "../ui/use-form-action";

const BUTTON =
  "rounded-md px-2.5 py-1.5 text-xs font-semibold ring-1 ring-inset disabled:opacity-60 text-slate-700 ring-slate-200 hover:bg-slate-50";

/** "Sign out everywhere" and deactivate / reactivate for one staff user. */
export function StaffAccessForms({
  userId,
  email,
  active,
  signOutEverywhere,
  setActive,
}: {
  userId: string;
  email: string;
  active: boolean;
  signOutEverywhere: FormAction;
  setActive: FormAction;
}) {
  const [signOutState, onSignOut, signingOut] = useFormAction(signOutEverywhere);
  const [activeState, onSetActive, saving] = useFormAction(setActive);
  const state = activeState ?? signOutState;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <form onSubmit={onSignOut}>
        <input type="hidden" name="userId" value={userId} />
        <button type="submit" disabled={signingOut} className={BUTTON} aria-label={`Sign out ${email} everywhere`}>
          {signingOut ? "Signing out…" : "Sign out everywhere"}
        </button>
      </form>
      <form onSubmit={onSetActive}>
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="active" value={active ? "false" : "true"} />
        <button
          type="submit"
          disabled={saving}
          className={BUTTON}
          aria-label={`${active ? "Deactivate" : "Reactivate"} ${email}`}
        >
          {active ? "Deactivate" : "Reactivate"}
        </button>
      </form>
      <span aria-live="polite" className={`text-xs ${state?.ok === false ? "text-red-600" : "text-emerald-700"}`}>
        {state?.message}
      </span>
    </div>
  );
}
