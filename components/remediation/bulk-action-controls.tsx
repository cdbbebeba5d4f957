"use client";

import { useId, useState, useTransition, type ReactNode } from "react";
import type { ActionResult, StepUpMethod } from "@/lib/action-result";
import { formatCount } from "@/lib/format/numbers";
import type { ActionKind, BulkStatus } from "@/lib/remediation/actions";
import { inputClass, primaryButton, secondaryButton } from "../timeline/form-field";
import { SsoButton } from "../auth/sso-button";
import { bulkActionPhrase } from "./bulk-status-badge";

export type BulkControlActions = {
  /** `secondFactorCode`: step-up, when the last one asked for it. */
  approve?: (note: string, secondFactorCode?: string) => Promise<ActionResult>;
  reject?: (reason: string) => Promise<ActionResult>;
  pause?: () => Promise<ActionResult>;
  resume?: () => Promise<ActionResult>;
  cancel?: () => Promise<ActionResult>;
  retry?: () => Promise<ActionResult>;
};

type Mode = "approve" | "reject" | "cancel" | null;

const dangerButton =
  "rounded-md bg-red-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-red-700 disabled:opacity-60";

/**
 * The buttons a viewer may press on one bulk action in its current state,
 * and no others. The page decides the permissions (which actions it passes);
 * this decides what the state allows. Approve, reject and cancel ask once
 * more, naming the action and the count.
 */
export function BulkActionControls({
  kind,
  total,
  status,
  remaining,
  failed,
  isRequester,
  actions,
  approveSummary,
  compact = false,
}: {
  kind: ActionKind;
  total: number;
  /** The status as the viewer sees it (a lapsed request is "expired"). */
  status: BulkStatus;
  remaining: number;
  failed: number;
  isRequester: boolean;
  actions: BulkControlActions;
  /** What the approver is about to start (reason, selection), beside the button: not only further down the page. */
  approveSummary?: ReactNode;
  compact?: boolean;
}) {
  const id = useId();
  const [mode, setMode] = useState<Mode>(null);
  const [text, setText] = useState("");
  const [result, setResult] = useState<ActionResult | null>(null);
  // Step-up: once the server asks for a recent second factor, the approve
  // panel asks for a code (or a fresh SSO sign-in) with the approval.
  const [stepUp, setStepUp] = useState<StepUpMethod | null>(null);
  const [code, setCode] = useState("");
  const [pending, startTransition] = useTransition();
  const phrase = bulkActionPhrase(kind, total);

  const run = (call: () => Promise<ActionResult>) =>
    startTransition(async () => {
      const outcome = await call();
      setResult(outcome);
      if (!outcome.ok && outcome.stepUp) setStepUp(outcome.stepUp);
      setCode("");
      if (outcome.ok) {
        setMode(null);
        setText("");
        setStepUp(null);
      }
    });

  const open = (next: Mode) => {
    setMode(next);
    setText("");
    setResult(null);
  };

  const pendingApproval = status === "pending_approval";
  const canApprove = pendingApproval && !isRequester && actions.approve;
  const canReject = pendingApproval && !isRequester && actions.reject;
  const canPause = status === "running" && actions.pause;
  const canResume = status === "paused" && actions.resume;
  const canCancel = ["running", "paused", "pending_approval"].includes(status) && actions.cancel;
  const canRetry = ["running", "paused", "completed"].includes(status) && failed > 0 && actions.retry;
  const awaitingOther = pendingApproval && isRequester;

  if (!canApprove && !canReject && !canPause && !canResume && !canCancel && !canRetry && !awaitingOther) return null;

  const buttonSize = compact ? "px-2.5 py-1 text-xs" : "";
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Bulk action controls">
        {awaitingOther ? (
          <span className="text-sm text-amber-800" data-testid="awaiting-other">
            Awaiting approval by another person
          </span>
        ) : null}
        {canApprove ? (
          <button
            type="button"
            className={`${primaryButton} ${buttonSize}`}
            aria-expanded={mode === "approve"}
            onClick={() => open(mode === "approve" ? null : "approve")}
          >
            Approve…
          </button>
        ) : null}
        {canReject ? (
          <button
            type="button"
            className={`${secondaryButton} ${buttonSize}`}
            aria-expanded={mode === "reject"}
            onClick={() => open(mode === "reject" ? null : "reject")}
          >
            Reject…
          </button>
        ) : null}
        {canPause ? (
          <button type="button" className={`${secondaryButton} ${buttonSize}`} disabled={pending} onClick={() => run(actions.pause!)}>
            Pause
          </button>
        ) : null}
        {canResume ? (
          <button type="button" className={`${primaryButton} ${buttonSize}`} disabled={pending} onClick={() => run(actions.resume!)}>
            Resume
          </button>
        ) : null}
        {canRetry ? (
          <button type="button" className={`${secondaryButton} ${buttonSize}`} disabled={pending} onClick={() => run(actions.retry!)}>
            Retry {formatCount(failed)} failed
          </button>
        ) : null}
        {canCancel ? (
          <button
            type="button"
            className={`${secondaryButton} ${buttonSize} text-red-700`}
            aria-expanded={mode === "cancel"}
            onClick={() => open(mode === "cancel" ? null : "cancel")}
          >
            {pendingApproval ? "Withdraw request…" : "Cancel…"}
          </button>
        ) : null}
      </div>

      {mode === "approve" && actions.approve ? (
        <div className="space-y-2 rounded-lg border border-amber-200 bg-amber-50/60 p-3 text-sm">
          <p className="text-slate-800">
            Approving starts the <strong>{phrase}</strong> at once.
          </p>
          {approveSummary ? <div className="text-slate-700">{approveSummary}</div> : null}
          <label htmlFor={`${id}-note`} className="block text-xs font-medium text-slate-700">
            Note (optional)
          </label>
          <input id={`${id}-note`} className={inputClass} value={text} maxLength={1000} onChange={(e) => setText(e.target.value)} />
          {stepUp?.method === "totp" ? (
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
                onChange={(e) => setCode(e.target.value)}
              />
            </div>
          ) : null}
          {stepUp?.method === "sso" ? (
            <div className="max-w-xs" data-testid="step-up">
              <SsoButton
                provider={stepUp.provider}
                callbackUrl={typeof window === "undefined" ? "/" : window.location.pathname}
                reauthenticate
                variant="secondary"
                label={`Sign in again with ${stepUp.provider}`}
              />
            </div>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className={primaryButton}
              disabled={pending || (stepUp?.method === "totp" && code.trim() === "")}
              onClick={() => run(() => actions.approve!(text, stepUp?.method === "totp" ? code : undefined))}
            >
              {pending ? "Approving…" : `Approve ${phrase}`}
            </button>
            <button type="button" className={secondaryButton} onClick={() => open(null)}>
              Back
            </button>
          </div>
        </div>
      ) : null}

      {mode === "reject" && actions.reject ? (
        <form
          className="space-y-2 rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm"
          onSubmit={(e) => {
            e.preventDefault();
            run(() => actions.reject!(text));
          }}
        >
          <label htmlFor={`${id}-reason`} className="block text-xs font-medium text-slate-700">
            Why is it rejected? (required)
          </label>
          <input
            id={`${id}-reason`}
            className={inputClass}
            value={text}
            required
            minLength={3}
            maxLength={1000}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={result?.ok === false && result.fieldErrors?.reason ? true : undefined}
          />
          <div className="flex flex-wrap gap-2">
            <button type="submit" className={dangerButton} disabled={pending || text.trim().length < 3}>
              {pending ? "Rejecting…" : `Reject ${phrase}`}
            </button>
            <button type="button" className={secondaryButton} onClick={() => open(null)}>
              Back
            </button>
          </div>
        </form>
      ) : null}

      {mode === "cancel" && actions.cancel ? (
        <div className="space-y-2 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          <p>
            {pendingApproval
              ? `Withdraw the request: nothing has been done, and the ${phrase} will not run.`
              : `Cancel the ${formatCount(remaining)} ${remaining === 1 ? "account" : "accounts"} not yet started. Accounts already done stay done; nothing is half-done.`}
          </p>
          <div className="flex flex-wrap gap-2">
            <button type="button" className={dangerButton} disabled={pending} onClick={() => run(actions.cancel!)}>
              {pending
                ? "Cancelling…"
                : pendingApproval
                  ? `Withdraw ${phrase}`
                  : `Cancel the remaining ${formatCount(remaining)} ${remaining === 1 ? "account" : "accounts"}`}
            </button>
            <button type="button" className={secondaryButton} onClick={() => open(null)}>
              {pendingApproval ? "Keep the request" : "Keep running"}
            </button>
          </div>
        </div>
      ) : null}

      <p aria-live="polite" className={`text-sm ${result?.ok === false ? "text-red-700" : "text-emerald-700"}`}>
        {result?.ok === false
          ? (result.fieldErrors?.reason ?? result.fieldErrors?.note ?? result.fieldErrors?.secondFactorCode ?? result.message)
          : (result?.message ?? "")}
      </p>
    </div>
  );
}
