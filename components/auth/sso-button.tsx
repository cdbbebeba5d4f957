"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { safeCallbackUrl } from "@/lib/auth/safe-callback-url";
import { ClickButton } from "../ui/submit-button";

/**
 * "Sign in with <provider>": next-auth's OpenID Connect flow (state, nonce and
 * PKCE kept in short-lived cookies, checked at the callback). `reauthenticate`
 * asks the provider to authenticate the person again (step-up), whatever
 * session it already has.
 */
export function SsoButton({
  provider,
  callbackUrl,
  reauthenticate = false,
  label,
  variant = "primary",
}: {
  provider: string;
  callbackUrl: string;
  reauthenticate?: boolean;
  label?: string;
  variant?: "primary" | "secondary";
}) {
  const [pending, setPending] = useState(false);
  const style =
    variant === "primary"
      ? "bg-ink-950 text-white hover:bg-ink-900"
      : "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50";
  return (
    <ClickButton
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signIn(
          "oidc",
          { callbackUrl: safeCallbackUrl(callbackUrl) },
          reauthenticate ? { prompt: "login", max_age: "0" } : undefined,
        );
      }}
      className={`flex w-full items-center justify-center gap-2 rounded-lg px-4 py-2.5 text-sm font-semibold shadow-sm transition disabled:cursor-wait disabled:opacity-70 ${style}`}
    >
      <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="1.8">
        <path d="M10 2.5 3.5 5v4.5c0 4 2.8 7.2 6.5 8 3.7-.8 6.5-4 6.5-8V5L10 2.5Z" strokeLinejoin="round" />
        <path d="m7 10 2 2 4-4" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      {pending ? "Redirecting…" : (label ?? `Sign in with ${provider}`)}
    </ClickButton>
  );
}
