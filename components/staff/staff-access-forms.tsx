"use client";

import type { FormAction } from "@/lib/action-result";
import { useFormAction } from "../ui/use-form-action";
import { SubmitButton } from "../ui/submit-button";

const BUTTON =
  "rounded-md px-2.5 py-1.5 text-xs font-semibold ring-1 ring-inset disabled:opacity-60 text-slate-700 ring-slate-200 hover:bg-slate-50";

/** "Sign out everywhere" and deactivate / reactivate for one staff user. */
export function StaffAccessForms({
  userId,
  email,
  active,
  signOutEverywhere,
  setActive,
  setPassword,
  secondFactor = false,
  resetSecondFactor,
  self = false,
}: {
  userId: string;
  email: string;
  active: boolean;
  signOutEverywhere: FormAction;
  setActive: FormAction;
  setPassword: FormAction;
  /** Whether an authenticator app is set up. */
  secondFactor?: boolean;
  /** Absent on the admin's own row: another admin resets theirs. */
  resetSecondFactor?: FormAction;
  /** The admin's own row: nobody is offered to deactivate themselves (the server refuses it too). */
  self?: boolean;
}) {
  const [signOutState, onSignOut, signingOut] = useFormAction(signOutEverywhere);
  const [activeState, onSetActive, saving] = useFormAction(setActive);
  const [passwordState, onSetPassword, settingPassword] = useFormAction(setPassword);
  const [resetState, onReset, resetting] = useFormAction(
    resetSecondFactor ?? (async () => ({ ok: true, message: "" })),
  );
  const state = resetState ?? passwordState ?? activeState ?? signOutState;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <form method="post" onSubmit={onSignOut}>
        <input type="hidden" name="userId" value={userId} />
        <SubmitButton disabled={signingOut} className={BUTTON} aria-label={`Sign out ${email} everywhere`}>
          {signingOut ? "Signing out…" : "Sign out everywhere"}
        </SubmitButton>
      </form>
      {self ? null : (
        <form method="post" onSubmit={onSetActive}>
          <input type="hidden" name="userId" value={userId} />
          <input type="hidden" name="active" value={active ? "false" : "true"} />
          <SubmitButton
            disabled={saving}
            className={BUTTON}
            aria-label={`${active ? "Deactivate" : "Reactivate"} ${email}`}
          >
            {active ? "Deactivate" : "Reactivate"}
          </SubmitButton>
        </form>
      )}
      {secondFactor && resetSecondFactor ? (
        <form method="post" onSubmit={onReset}>
          <input type="hidden" name="userId" value={userId} />
          <SubmitButton
            disabled={resetting}
            className={BUTTON}
            aria-label={`Reset the second factor of ${email}`}
          >
            {resetting ? "Resetting…" : "Reset second factor"}
          </SubmitButton>
        </form>
      ) : null}
      <details className="text-xs">
        <summary className="cursor-pointer text-slate-600">Set password</summary>
        <form method="post" onSubmit={onSetPassword} className="mt-2 flex items-center gap-2">
          <input type="hidden" name="userId" value={userId} />
          <label htmlFor={`password-${userId}`} className="sr-only">
            New password for {email}
          </label>
          <input
            id={`password-${userId}`}
            name="password"
            type="password"
            autoComplete="new-password"
            className="rounded-md border border-slate-300 px-2 py-1 text-xs"
          />
          <SubmitButton disabled={settingPassword} className={BUTTON}>
            {settingPassword ? "Saving…" : "Set"}
          </SubmitButton>
        </form>
      </details>
      <span aria-live="polite" className={`text-xs ${state?.ok === false ? "text-red-600" : "text-emerald-700"}`}>
        {state?.message}
      </span>
    </div>
  );
}
