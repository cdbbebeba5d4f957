"use client";

import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useActionState } from "react";
import { safeCallbackUrl } from "@/lib/auth/safe-callback-url";
import { ClickButton, SubmitButton } from "../ui/submit-button";

import type { EnrolmentResult } from "@/lib/auth/contracts";

const BUTTON =
  "flex w-full items-center justify-center rounded-lg bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm transition hover:bg-brand-700 disabled:cursor-wait disabled:opacity-70";

/** "abcd efgh ..." groups of four, as authenticator apps show keys typed by hand. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})/g, "$1 ").trim();
}

/**
 * Setting up the authenticator app, required before a first sign-in as an
 * admin or approver: scan the QR code (or type the key), confirm with a code,
 * then keep the recovery codes, which are shown this once.
 */
export function TotpEnrolment({
  email,
  qrDataUrl,
  secret,
  callbackUrl,
  action,
}: {
  email: string;
  qrDataUrl: string;
  secret: string;
  callbackUrl: string;
  action: (previous: EnrolmentResult | null, formData: FormData) => Promise<EnrolmentResult>;
}) {
  const router = useRouter();
  const [state, dispatch, pending] = useActionState<EnrolmentResult | null, FormData>(action, null);

  if (state?.ok) {
    return (
      <div>
        <h1 className="text-xl font-semibold tracking-tight text-slate-900">Save your recovery codes</h1>
        <p className="mt-1 text-sm text-slate-600">
          Your authenticator app is set up. If you lose it, each of these codes signs you in once. They are shown{" "}
          <strong>only now</strong>: print them or keep them in your password manager.
        </p>
        <ul
          aria-label="Recovery codes"
          className="mt-5 grid grid-cols-2 gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-slate-50 p-4 font-mono text-sm text-slate-800"
        >
          {state.recoveryCodes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ul>
        <button
          type="button"
          className={`${BUTTON} mt-6`}
          onClick={() => {
            router.replace(safeCallbackUrl(callbackUrl));
            router.refresh();
          }}
        >
          I have saved them: continue
        </button>
      </div>
    );
  }

  return (
    <div>
      <h1 className="text-xl font-semibold tracking-tight text-slate-900">Set up your authenticator app</h1>
      <p className="mt-1 text-sm text-slate-600">
        Your role needs a second factor. Scan the code with an authenticator app (Google Authenticator, Microsoft
        Authenticator, 1Password, Bitwarden…) for <span className="font-medium text-slate-800">{email}</span>.
      </p>
      <div className="mt-5 flex flex-col items-center gap-4 sm:flex-row sm:items-start">
        {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made on the server */}
        <img
          src={qrDataUrl}
          alt="QR code to scan with your authenticator app"
          width={168}
          height={168}
          className="h-42 w-42 shrink-0 rounded-lg border border-slate-200 bg-white p-1"
        />
        <div className="min-w-0 text-sm text-slate-600">
          <p>Can&rsquo;t scan it? Enter this key by hand (time-based, 6 digits):</p>
          <p
            className="mt-2 rounded-md bg-slate-100 px-2 py-1.5 font-mono text-sm leading-6 text-slate-900"
            data-testid="totp-secret"
            aria-label="Key to enter by hand"
          >
            {grouped(secret)}
          </p>
        </div>
      </div>
      <form action={dispatch} className="mt-6 space-y-4" noValidate>
        <div>
          <label htmlFor="code" className="block text-sm font-medium text-slate-700">
            Code from the app
          </label>
          <input
            id="code"
            name="code"
            autoComplete="one-time-code"
            inputMode="numeric"
            required
            maxLength={10}
            placeholder="123456"
            aria-invalid={state?.ok === false ? true : undefined}
            className="mt-1.5 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2.5 font-mono text-base tracking-[0.2em] shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/20"
          />
        </div>
        <div aria-live="assertive" className="min-h-[1.25rem]">
          {state?.ok === false ? (
            <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
              {state.message}
            </p>
          ) : null}
        </div>
        <SubmitButton disabled={pending} className={BUTTON}>
          {pending ? "Checking…" : "Confirm and turn on"}
        </SubmitButton>
      </form>
      <p className="mt-6 text-xs text-slate-500">
        Not now?{" "}
        <ClickButton className="font-medium text-slate-700 underline" onClick={() => void signOut({ callbackUrl: "/login" })}>
          Sign out
        </ClickButton>
      </p>
    </div>
  );
}
