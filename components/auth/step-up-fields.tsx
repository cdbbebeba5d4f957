"use client";

import type { StepUpMethod } from "@/lib/action-result";
import { inputClass } from "../timeline/form-field";
import { SsoButton } from "./sso-button";

/**
 * What a step-up asks for once the server wanted a fresher second factor: the
 * authenticator's code, or signing in again with the identity provider.
 * Nothing until then.
 */
export function StepUpFields({
  id,
  stepUp,
  code,
  onCode,
}: {
  id: string;
  stepUp: StepUpMethod | null | undefined;
  code: string;
  onCode: (code: string) => void;
}) {
  if (stepUp?.method === "totp") {
    return (
      <div className="rounded-md border border-slate-200 bg-white p-2.5" data-testid="step-up">
        <label htmlFor={`${id}-code`} className="block text-xs font-medium text-slate-700">
          Authentication code (your authenticator app, or a recovery code)
        </label>
        <input
          id={`${id}-code`}
          className={`${inputClass} font-mono tracking-widest`}
          value={code}
          autoComplete="one-time-code"
          maxLength={64}
          autoFocus
          onChange={(e) => onCode(e.target.value)}
        />
      </div>
    );
  }
  if (stepUp?.method === "sso") {
    return (
      <div className="max-w-xs" data-testid="step-up">
        <SsoButton
          provider={stepUp.provider}
          callbackUrl={typeof window === "undefined" ? "/" : window.location.pathname}
          reauthenticate
          variant="secondary"
          label={`Sign in again with ${stepUp.provider}`}
        />
      </div>
    );
  }
  return null;
}
