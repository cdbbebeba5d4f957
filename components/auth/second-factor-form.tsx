"use client";

import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import type { ActionResult, FormAction } from "@/lib/action-result";
import { safeCallbackUrl } from "@/lib/auth/safe-callback-url";
import { ClickButton, SubmitButton } from "../ui/submit-button";

const INPUT =
  "mt-1.5 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2.5 font-mono text-base tracking-[0.2em] shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/20";
const BUTTON =
  "flex w-full items-center justify-center rounded-lg bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm transition hover:bg-brand-700 disabled:cursor-wait disabled:opacity-70";

/** The second step of a password sign-in: the authenticator app's code, or a recovery code. */
export function SecondFactorForm({
  email,
  callbackUrl,
  action,
}: {
  email: string;
  callbackUrl: string;
  action: FormAction;
}) {
  const router = useRouter();
  const [state, dispatch, pending] = useActionState<ActionResult | null, FormData>(action, null);
  useEffect(() => {
    if (state?.ok) {
      router.replace(safeCallbackUrl(callbackUrl));
      router.refresh();
    }
  }, [state, router, callbackUrl]);

  return (
    <div>
      <h1 className="text-xl font-semibold tracking-tight text-slate-900">Enter your code</h1>
      <p className="mt-1 text-sm text-slate-500">
        Signing in as <span className="font-medium text-slate-700">{email}</span>. Open your authenticator app and enter
        the 6-digit code for Breachdesk, or one of your recovery codes.
      </p>
      <form action={dispatch} className="mt-6 space-y-4" noValidate>
        <div>
          <label htmlFor="code" className="block text-sm font-medium text-slate-700">
            Authentication code
          </label>
          <input
            id="code"
            name="code"
            autoComplete="one-time-code"
            inputMode="text"
            autoFocus
            required
            maxLength={64}
            placeholder="123456"
            aria-invalid={state?.ok === false ? true : undefined}
            aria-describedby="code-error"
            className={INPUT}
          />
        </div>
        <div id="code-error" aria-live="assertive" className="min-h-[1.25rem]">
          {state?.ok === false ? (
            <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
              {state.message}
            </p>
          ) : null}
        </div>
        <SubmitButton disabled={pending || state?.ok === true} className={BUTTON}>
          {pending || state?.ok ? "Checking…" : "Verify"}
        </SubmitButton>
      </form>
      <p className="mt-6 text-xs leading-5 text-slate-500">
        Lost your phone and your recovery codes? Ask a Breachdesk admin to reset your second factor.{" "}
        <ClickButton className="font-medium text-slate-700 underline" onClick={() => void signOut({ callbackUrl: "/login" })}>
          Sign out
        </ClickButton>
      </p>
    </div>
  );
}
