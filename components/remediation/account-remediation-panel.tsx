"use client";

import Link from "next/link";
import { useState } from "react";
import type { ActionResult, FormAction } from "@/lib/action-result";
import { formatUtc } from "@/lib/format/dates";
import { RELEASE_CODE_LABELS, RELEASE_CODES } from "@/lib/remediation/actions";
import { RISK_RULES } from "@/lib/risk/rules";
import { effectiveHold, type RemediationState } from "@/lib/remediation/state";
import { Field, fieldError, inputClass, primaryButton, secondaryButton } from "../timeline/form-field";
import { useFormAction } from "../ui/use-form-action";
import { SubmitButton } from "../ui/submit-button";
import { RemediationBadges } from "./remediation-badges";

export type PanelHold = { id: string; reason: string; placedAt: Date; expiresAt: Date | null; placedBy: string | null };

/** Another incident's hold on the account; `href` is the account's page there. */
export type PanelHoldElsewhere = {
  incident: { title: string; closed: boolean };
  href: string;
  until: Date | null;
  pending: boolean;
};

type Mode = "reset" | "hold" | "release" | "extend" | null;

// The open action's button takes its form's colours, so the two read as one.
const actionButton = `${secondaryButton} aria-expanded:bg-amber-50 aria-expanded:ring-2 aria-expanded:ring-amber-400`;

const HOLD_DURATIONS = [
  { value: "24", label: "24 hours" },
  { value: "72", label: "72 hours" },
  { value: "168", label: "7 days" },
  { value: "indefinite", label: "Until released" },
] as const;

function newKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}

function ruleTitle(id: string): string {
  return RISK_RULES.find((rule) => rule.id === id)?.title ?? id;
}

function Status({ state }: { state: ActionResult | null }) {
  // The server words its refusal for any number of accounts; here it is one, and it was not released.
  const message = state?.ok === false && state.fieldErrors?.confirmCritical ? "Not released: confirm the critical risk rule first." : state?.message;
  return (
    <p aria-live="polite" className={`text-sm ${state?.ok === false ? "text-red-700" : "text-emerald-700"}`}>
      {message ?? ""}
    </p>
  );
}

/**
 * The account page's actions: force a reset, hold withdrawals, release or
 * extend a hold. Each opens a short form whose button names the account, so
 * nobody acts on the wrong one; each form carries a key made when it opened,
 * so a double submit acts once. Only the actions the viewer may take show.
 */
export function AccountRemediationPanel({
  account,
  state,
  hold,
  heldElsewhere,
  criticalRules,
  now,
  can,
  actions,
  defaultHoldHours,
}: {
  account: { externalId: string; email: string };
  state: RemediationState;
  hold: PanelHold | null;
  heldElsewhere: PanelHoldElsewhere | null;
  criticalRules: string[];
  now: Date;
  can: { reset: boolean; hold: boolean; release: boolean };
  actions: { reset: FormAction; hold: FormAction; release: FormAction; extend: FormAction };
  defaultHoldHours: number;
}) {
  const [mode, setMode] = useState<Mode>(null);
  const [key, setKey] = useState(newKey);
  const open = (next: Mode) => {
    setMode(next);
    setKey(newKey());
  };
  const close = () => setMode(null);
  const holdActive = effectiveHold(state, now) === "active";
  const resetDone = state.reset === "sent" || state.reset === "completed";
  const who = `${account.externalId} (${account.email})`;

  return (
    <div className="space-y-4">
      <dl className="grid grid-cols-[minmax(0,8rem)_minmax(0,1fr)] gap-x-3 gap-y-2 text-sm">
        <dt className="text-slate-500">Now</dt>
        <dd>
          <RemediationBadges state={state} now={now} />
        </dd>
        {state.resetAt ? (
          <>
            <dt className="text-slate-500">Reset forced</dt>
            <dd className="text-slate-800">{formatUtc(state.resetAt)}</dd>
          </>
        ) : null}
        {hold && holdActive ? (
          <>
            <dt className="text-slate-500">Hold</dt>
            <dd className="text-slate-800">
              since {formatUtc(hold.placedAt)}
              {hold.placedBy ? ` by ${hold.placedBy}` : ""}, {hold.expiresAt ? `until ${formatUtc(hold.expiresAt)}` : "until released"}
              <span className="block text-xs text-slate-500">Reason: {hold.reason}</span>
            </dd>
          </>
        ) : null}
        {heldElsewhere && !holdActive ? (
          <>
            <dt className="text-slate-500">Held elsewhere</dt>
            <dd className="text-slate-800" data-testid="held-elsewhere">
              {heldElsewhere.pending ? "A hold on its way to the exchange in " : "Withdrawals held by "}
              <Link href={heldElsewhere.href} className="font-medium text-brand-700 hover:underline">
                {heldElsewhere.incident.title}
              </Link>
              {heldElsewhere.incident.closed ? " (closed)" : ""},{" "}
              {heldElsewhere.until ? `until ${formatUtc(heldElsewhere.until)}` : "until released"}.
              <span className="block text-xs text-slate-500">
                The exchange keeps one hold per account: a hold here waits until that one ends or is released there.
              </span>
            </dd>
          </>
        ) : null}
      </dl>

      <div className="flex flex-wrap gap-2" role="group" aria-label="Actions on this account">
        {can.reset ? (
          <button type="button" className={actionButton} disabled={resetDone} onClick={() => open("reset")} aria-expanded={mode === "reset"}>
            {resetDone ? "Reset already forced" : "Force password reset…"}
          </button>
        ) : null}
        {can.hold && !holdActive ? (
          <button
            type="button"
            className={actionButton}
            disabled={heldElsewhere !== null}
            onClick={() => open("hold")}
            aria-expanded={mode === "hold"}
          >
            {heldElsewhere ? "Held by another incident" : "Hold withdrawals…"}
          </button>
        ) : null}
        {can.hold && holdActive ? (
          <button type="button" className={actionButton} onClick={() => open("extend")} aria-expanded={mode === "extend"}>
            Extend hold…
          </button>
        ) : null}
        {can.release && holdActive ? (
          <button type="button" className={actionButton} onClick={() => open("release")} aria-expanded={mode === "release"}>
            Release hold…
          </button>
        ) : null}
      </div>

      {mode === "reset" ? (
        <ActionForm key={key} requestKey={key} account={account.externalId} action={actions.reset} onDone={close} confirm={`Force password reset of ${who}`} heading="Force a password reset">
          {(state) => (
            <>
              <p className="text-sm text-slate-700">
                The customer must choose a new password at next sign-in; their sessions and API keys are revoked.
                Breachdesk never sees or sends a password.
              </p>
              <ReasonField state={state} defaultValue="Address exposed in the incident" />
            </>
          )}
        </ActionForm>
      ) : null}
      {mode === "hold" ? (
        <ActionForm key={key} requestKey={key} account={account.externalId} action={actions.hold} onDone={close} confirm={`Hold withdrawals of ${who}`} heading="Hold withdrawals">
          {(state) => (
            <>
              <DurationField state={state} defaultHours={defaultHoldHours} />
              <ReasonField state={state} defaultValue="Security details changed after the leak" />
            </>
          )}
        </ActionForm>
      ) : null}
      {mode === "extend" && hold ? (
        <ActionForm key={key} requestKey={key} account={account.externalId} action={actions.extend} onDone={close} confirm={`Extend the hold on ${who}`} heading="Extend the hold" hidden={{ holdId: hold.id }}>
          {(state) => (
            <>
              <DurationField state={state} defaultHours={defaultHoldHours} label="New end, counted from now" />
              <ReasonField state={state} defaultValue="Customer not yet verified" />
            </>
          )}
        </ActionForm>
      ) : null}
      {mode === "release" ? (
        <ActionForm key={key} requestKey={key} account={account.externalId} action={actions.release} onDone={close} confirm={`Release the hold on ${who}`} heading="Release the hold">
          {(state) => (
            <>
              <Field id="release-code" label="Release reason" error={fieldError(state, "releaseCode")}>
                <select id="release-code" name="releaseCode" className={inputClass} required defaultValue="">
                  <option value="" disabled>
                    Choose…
                  </option>
                  {RELEASE_CODES.map((code) => (
                    <option key={code} value={code}>
                      {RELEASE_CODE_LABELS[code]}
                    </option>
                  ))}
                </select>
              </Field>
              <ReasonField state={state} label="Note" defaultValue="" />
              {criticalRules.length > 0 ? (
                <div className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
                  <p className="font-medium">
                    {criticalRules.length === 1 ? "A critical risk rule still fires" : "Critical risk rules still fire"} for this
                    account: {criticalRules.map(ruleTitle).join("; ")}.
                  </p>
                  <label className="mt-2 flex items-center gap-2">
                    <input type="checkbox" name="confirmCritical" value="yes" className="h-4 w-4" />
                    I have checked, and release the hold anyway.
                  </label>
                  {fieldError(state, "confirmCritical") ? (
                    <p className="mt-1 text-xs font-medium">Not released: tick this box to release the hold anyway.</p>
                  ) : null}
                </div>
              ) : null}
            </>
          )}
        </ActionForm>
      ) : null}
    </div>
  );
}

function ReasonField({ state, defaultValue, label = "Reason" }: { state: ActionResult | null; defaultValue: string; label?: string }) {
  return (
    <Field id="action-reason" label={label} error={fieldError(state, "reason")}>
      <input id="action-reason" name="reason" className={inputClass} defaultValue={defaultValue} required minLength={3} maxLength={1000} />
    </Field>
  );
}

function DurationField({ state, defaultHours, label = "Hold for" }: { state: ActionResult | null; defaultHours: number; label?: string }) {
  return (
    <Field id="hold-hours" label={label} error={fieldError(state, "holdHours")}>
      <select id="hold-hours" name="holdHours" className={inputClass} defaultValue={String(defaultHours)}>
        {HOLD_DURATIONS.some((d) => d.value === String(defaultHours)) ? null : (
          <option value={String(defaultHours)}>{defaultHours} hours (default)</option>
        )}
        {HOLD_DURATIONS.map((d) => (
          <option key={d.value} value={d.value}>
            {d.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

function ActionForm({
  action,
  requestKey,
  account,
  heading,
  confirm,
  onDone,
  hidden = {},
  children,
}: {
  action: FormAction;
  requestKey: string;
  /** The account's id, in the form's heading: which account this is about, before anything else. */
  account: string;
  heading: string;
  confirm: string;
  onDone: () => void;
  hidden?: Record<string, string>;
  children: (state: ActionResult | null) => React.ReactNode;
}) {
  const [state, onSubmit, pending] = useFormAction(action);
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-3 rounded-lg border border-amber-200 bg-amber-50/60 p-4" aria-label={confirm}>
      <p className="text-sm font-semibold text-slate-900">
        {heading} <span className="text-slate-500">·</span> <span className="font-mono">{account}</span>
      </p>
      <input type="hidden" name="requestKey" value={requestKey} />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children(state)}
      <div className="flex flex-wrap items-center gap-2">
        <SubmitButton className={primaryButton} disabled={pending || state?.ok === true}>
          {pending ? "Working…" : confirm}
        </SubmitButton>
        <button type="button" className={secondaryButton} onClick={onDone}>
          {state?.ok ? "Close" : "Cancel"}
        </button>
        <Status state={state} />
      </div>
    </form>
  );
}
