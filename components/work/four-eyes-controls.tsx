"use client";

import { Fragment, useId, useState, useTransition, type ReactNode } from "react";
import type { ActionResult, StepUpMethod } from "@/lib/action-result";
import { StepUpFields } from "../auth/step-up-fields";
import { dangerButton, inputClass, primaryButton, secondaryButton } from "../timeline/form-field";
import { ClickButton, SubmitButton } from "../ui/submit-button";

export type ApproveControl = {
  /** `secondFactorCode`: step-up, once the server asked for it. */
  action: (note: string, secondFactorCode?: string) => Promise<ActionResult>;
  /** What approving does, said before the note. */
  consequence: ReactNode;
  /** What the approver is about to start, beside the button: not only further down the page. */
  summary?: ReactNode;
  /** The API token the request came through: whoever used it is not known, only its creator. */
  requestedViaToken?: string | null;
  confirm: string;
};
export type RejectControl = { action: (reason: string) => Promise<ActionResult>; confirm: string };
export type CancelControl = {
  action: () => Promise<ActionResult>;
  /** The button that opens the panel, and the panel's explanation, confirm, busy and keep labels. */
  open: string;
  explain: ReactNode;
  confirm: string;
  busy: string;
  keep: string;
};
/** A button that acts at once (pause, resume, retry). */
export type ImmediateControl = { label: ReactNode; action: () => Promise<ActionResult>; primary?: boolean };
/** A button that opens a panel of its own (a campaign's messages in doubt). */
export type PanelControl = {
  open: ReactNode;
  render: (panel: {
    run: (call: () => Promise<ActionResult>) => void;
    pending: boolean;
    back: () => void;
  }) => ReactNode;
};

/**
 * The verbs on a campaign of work items under four eyes (a bulk action, a
 * customer notice), each asking once more before it acts: approve (with the
 * step-up prompt when the server asks for a recent second factor), reject
 * (with a reason), cancel, and whatever else the caller passes. The requester
 * never gets approve or reject, only "awaiting approval by another person".
 * The caller decides what the state and the viewer's permissions allow (it
 * passes only those controls); nothing is rendered when nothing is allowed.
 */
export function FourEyesControls({
  label,
  pendingApproval,
  isRequester,
  approve,
  reject,
  cancel,
  immediate = [],
  panels = [],
  answerFor,
  compact = false,
}: {
  /** The group's accessible name ("Bulk action controls"). */
  label: string;
  pendingApproval: boolean;
  isRequester: boolean;
  approve?: ApproveControl;
  reject?: RejectControl;
  cancel?: CancelControl;
  immediate?: ImmediateControl[];
  panels?: PanelControl[];
  /** The state an answer belongs to: once the page shows another, the answer is dropped (what happened shows elsewhere). */
  answerFor?: string;
  compact?: boolean;
}) {
  const id = useId();
  const [mode, setMode] = useState<string | null>(null);
  const [text, setText] = useState("");
  const [result, setResult] = useState<{ outcome: ActionResult; state?: string } | null>(null);
  // Step-up: once the server asks for a recent second factor, the approve
  // panel asks for a code (or a fresh SSO sign-in) with the approval.
  const [stepUp, setStepUp] = useState<StepUpMethod | null>(null);
  const [code, setCode] = useState("");
  const [pending, startTransition] = useTransition();

  const run = (call: () => Promise<ActionResult>) =>
    startTransition(async () => {
      const outcome = await call();
      setResult({ outcome, state: answerFor });
      if (!outcome.ok && outcome.stepUp) setStepUp(outcome.stepUp);
      setCode("");
      if (outcome.ok) {
        setMode(null);
        setText("");
        setStepUp(null);
      }
    });
  const open = (next: string | null) => {
    setMode(next === mode ? null : next);
    setText("");
    setResult(null);
  };

  const canApprove = pendingApproval && !isRequester && approve;
  const canReject = pendingApproval && !isRequester && reject;
  const awaitingOther = pendingApproval && isRequester;
  const shown = result && result.state === answerFor ? result.outcome : null;
  const anyControl = canApprove || canReject || cancel || immediate.length > 0 || panels.length > 0 || awaitingOther;
  // With no control left (the request was withdrawn, say), the last answer still shows, alone.
  if (!anyControl && !shown) return null;

  const size = compact ? "px-2.5 py-1 text-xs" : "";
  const back = (words = "Back") => (
    <button type="button" className={secondaryButton} onClick={() => open(null)}>
      {words}
    </button>
  );
  return (
    <div className="space-y-2">
      <div className={anyControl ? "flex flex-wrap items-center gap-2" : "hidden"} role="group" aria-label={label}>
        {awaitingOther ? (
          <span className="text-sm text-amber-800" data-testid="awaiting-other">
            Awaiting approval by another person
          </span>
        ) : null}
        {canApprove ? (
          <button
            type="button"
            className={`${primaryButton} ${size}`}
            aria-expanded={mode === "approve"}
            onClick={() => open("approve")}
          >
            Approve…
          </button>
        ) : null}
        {canReject ? (
          <button
            type="button"
            className={`${secondaryButton} ${size}`}
            aria-expanded={mode === "reject"}
            onClick={() => open("reject")}
          >
            Reject…
          </button>
        ) : null}
        {immediate.map((control, i) => (
          <ClickButton
            key={i}
            className={`${control.primary ? primaryButton : secondaryButton} ${size}`}
            disabled={pending}
            onClick={() => run(control.action)}
          >
            {control.label}
          </ClickButton>
        ))}
        {panels.map((panel, i) => (
          <button
            key={i}
            type="button"
            className={`${secondaryButton} ${size}`}
            aria-expanded={mode === `panel-${i}`}
            onClick={() => open(`panel-${i}`)}
          >
            {panel.open}
          </button>
        ))}
        {cancel ? (
          <button
            type="button"
            className={`${secondaryButton} ${size} text-red-700`}
            aria-expanded={mode === "cancel"}
            onClick={() => open("cancel")}
          >
            {cancel.open}
          </button>
        ) : null}
      </div>

      {mode === "approve" && canApprove ? (
        <div className="space-y-2 rounded-lg border border-amber-200 bg-amber-50/60 p-3 text-sm">
          <p className="text-slate-800">{approve.consequence}</p>
          {approve.requestedViaToken ? (
            <p className="text-amber-900" data-testid="requested-via-token">
              Requested via token <strong>{approve.requestedViaToken}</strong>: anyone holding the token may have sent it;
              its creator may not approve it.
            </p>
          ) : null}
          {approve.summary ? <div className="text-slate-700">{approve.summary}</div> : null}
          <label htmlFor={`${id}-note`} className="block text-xs font-medium text-slate-700">
            Note (optional)
          </label>
          <input
            id={`${id}-note`}
            className={inputClass}
            value={text}
            maxLength={1000}
            onChange={(e) => setText(e.target.value)}
          />
          <StepUpFields id={id} stepUp={stepUp} code={code} onCode={setCode} />
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className={primaryButton}
              disabled={pending || (stepUp?.method === "totp" && code.trim() === "")}
              onClick={() => run(() => approve.action(text, stepUp?.method === "totp" ? code : undefined))}
            >
              {pending ? "Approving…" : approve.confirm}
            </button>
            {back()}
          </div>
        </div>
      ) : null}

      {mode === "reject" && canReject ? (
        <form
          method="post"
          className="space-y-2 rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm"
          onSubmit={(e) => {
            e.preventDefault();
            run(() => reject.action(text));
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
            aria-invalid={shown?.ok === false && shown.fieldErrors?.reason ? true : undefined}
          />
          <div className="flex flex-wrap gap-2">
            <SubmitButton className={dangerButton} disabled={pending || text.trim().length < 3}>
              {pending ? "Rejecting…" : reject.confirm}
            </SubmitButton>
            {back()}
          </div>
        </form>
      ) : null}

      {panels.map((panel, i) =>
        mode === `panel-${i}` ? (
          <Fragment key={i}>{panel.render({ run, pending, back: () => open(null) })}</Fragment>
        ) : null,
      )}

      {mode === "cancel" && cancel ? (
        <div className="space-y-2 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          <p>{cancel.explain}</p>
          <div className="flex flex-wrap gap-2">
            <button type="button" className={dangerButton} disabled={pending} onClick={() => run(cancel.action)}>
              {pending ? cancel.busy : cancel.confirm}
            </button>
            {back(cancel.keep)}
          </div>
        </div>
      ) : null}

      <p
        role="status"
        aria-live="polite"
        className={`text-sm ${shown?.ok === false ? "text-red-700" : "text-emerald-700"}`}
      >
        {shown?.ok === false
          ? (shown.fieldErrors?.reason ??
            shown.fieldErrors?.note ??
            shown.fieldErrors?.secondFactorCode ??
            shown.message)
          : (shown?.message ?? "")}
      </p>
    </div>
  );
}
