"use client";

import Link from "next/link";
import { useCallback, useEffect, useId, useRef, useState, useTransition, type ReactNode } from "react";
import { formatCount } from "@/lib/format/numbers";
import {
  PRIOR_HOLD_STATE_LABELS,
  RELEASE_CODE_LABELS,
  RELEASE_CODES,
  SKIP_REASON_LABELS,
  type ActionKind,
  type PriorHoldState,
  type ReleaseCode,
  type SkipReason,
} from "@/lib/remediation/actions";
import type { BulkPreviewResult, BulkPreviewView, BulkRequestResult, BulkSelection } from "@/lib/remediation/contracts";
import { inputClass, primaryButton, secondaryButton } from "../timeline/form-field";
import { Badge } from "../ui/badge";
import { TriageFilterSummary } from "./triage-filter-summary";

// The browser's side of a bulk request: what the server actions take and
// answer are the contracts of lib/remediation/contracts.ts.

export type {   BulkRequestResult } from "@/lib/remediation/contracts";
export type BulkRequestSelection = BulkSelection;

type BulkRequestPayload = {
  kind: ActionKind;
  selection: BulkRequestSelection;
  reason: string;
  holdHours?: number | null;
  releaseCode?: ReleaseCode;
  confirmCritical: boolean;
  /** Holds: accounts released as verified with the customer are held again on purpose. */
  includeVerified?: boolean;
  expectedCount: number;
  /** The preview's digest of the accounts: the request covers exactly those. */
  expectedDigest: string;
  requestKey: string;
  origin: "bulk" | "recommendation";
};

export type BulkRequestActions = {
  preview: (input: { kind: ActionKind; selection: BulkRequestSelection; includeVerified?: boolean }) => Promise<BulkPreviewResult>;
  request: (input: BulkRequestPayload) => Promise<BulkRequestResult>;
};

/** The three choices, worded as the analyst thinks of them. */
const BULK_KIND_CHOICES: { kind: ActionKind; label: string; help: string }[] = [
  {
    kind: "password_reset",
    label: "Force password reset",
    help: "Customers must set a new password at next sign-in; sessions and API keys are revoked.",
  },
  { kind: "withdrawal_hold", label: "Hold withdrawals", help: "Withdrawals are blocked until the hold ends or is released." },
  { kind: "hold_release", label: "Release holds", help: "Active withdrawal holds end now, with a reason code." },
];

const BULK_HOLD_DURATIONS = [
  { value: "24", label: "24 hours" },
  { value: "72", label: "72 hours" },
  { value: "168", label: "7 days" },
  { value: "indefinite", label: "Until released" },
] as const;

const DEFAULT_REASONS: Record<ActionKind, string> = {
  password_reset: "Address exposed in the incident",
  withdrawal_hold: "Security details changed after the leak",
  hold_release: "",
};

function newKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

function accounts(n: number): string {
  return `${formatCount(n)} ${n === 1 ? "account" : "accounts"}`;
}

function durationLabel(value: string): string {
  const known = BULK_HOLD_DURATIONS.find((d) => d.value === value);
  return known ? known.label : `${value} hours`;
}

/** "Request hold of 1,234 accounts for 72 hours": what the confirm button says, always with the count. */
function bulkConfirmLabel(kind: ActionKind, count: number, holdValue: string): string {
  if (kind === "password_reset") return `Request password reset of ${accounts(count)}`;
  if (kind === "withdrawal_hold") {
    const how = holdValue === "indefinite" ? "until released" : `for ${durationLabel(holdValue)}`;
    return `Request hold of ${accounts(count)} ${how}`;
  }
  return `Request release of holds on ${accounts(count)}`;
}

/** "will get a forced password reset": the preview's sentence after the count. */
const WILL: Record<ActionKind, string> = {
  password_reset: "will get a forced password reset",
  withdrawal_hold: "will have their withdrawals held",
  hold_release: "will have their withdrawal hold released",
};

type PreviewState = { kind: ActionKind; includeVerified: boolean; result: BulkPreviewResult } | null;

/**
 * A bulk request from a selection: choose the action, give a reason, read the
 * dry run, confirm with a button that names the action and the count. The
 * request carries the previewed count (a changed selection is refused, not
 * acted on) and a key made when the form opened (a double submit acts once).
 * Mount it afresh for each selection: it belongs to one.
 */
export function BulkRequestForm({
  selection,
  selectionDescription,
  actions,
  defaultHoldHours,
  initialKind = null,
  kinds = BULK_KIND_CHOICES.map((c) => c.kind),
  origin = "bulk",
  onClose,
  title = "Bulk action on the selection",
}: {
  selection: BulkRequestSelection;
  selectionDescription: ReactNode;
  actions: BulkRequestActions;
  defaultHoldHours: number;
  initialKind?: ActionKind | null;
  kinds?: readonly ActionKind[];
  origin?: "bulk" | "recommendation";
  onClose: () => void;
  title?: string;
}) {
  const id = useId();
  const [requestKey] = useState(newKey);
  const [kind, setKind] = useState<ActionKind | null>(initialKind);
  const [holdValue, setHoldValue] = useState(String(defaultHoldHours));
  const [releaseCode, setReleaseCode] = useState<ReleaseCode | "">("");
  const [reason, setReason] = useState(initialKind ? DEFAULT_REASONS[initialKind] : "");
  const [reasonTouched, setReasonTouched] = useState(false);
  const [confirmCritical, setConfirmCritical] = useState(false);
  const [includeVerified, setIncludeVerified] = useState(false);
  const [preview, setPreview] = useState<PreviewState>(null);
  const [previewing, startPreview] = useTransition();
  const [outcome, setOutcome] = useState<BulkRequestResult | null>(null);
  const [requesting, startRequest] = useTransition();
  const autoStarted = useRef(false);

  const runPreview = useCallback(
    (next: ActionKind, withVerified = false) =>
      startPreview(async () => {
        const result = await actions.preview({
          kind: next,
          selection,
          ...(next === "withdrawal_hold" ? { includeVerified: withVerified } : {}),
        });
        setPreview({ kind: next, includeVerified: withVerified, result });
      }),
    [actions, selection],
  );

  // A recommendation opens with its action chosen: its preview runs at once.
  useEffect(() => {
    if (!initialKind || autoStarted.current) return;
    autoStarted.current = true;
    runPreview(initialKind);
  }, [initialKind, runPreview]);

  const choose = (next: ActionKind) => {
    if (next === kind) return;
    setKind(next);
    setConfirmCritical(false);
    setIncludeVerified(false);
    setOutcome(null);
    if (!reasonTouched) setReason(DEFAULT_REASONS[next]);
    runPreview(next);
  };

  const chooseIncludeVerified = (value: boolean) => {
    if (!kind) return;
    setIncludeVerified(value);
    setOutcome(null);
    runPreview(kind, value);
  };

  const current =
    preview && preview.kind === kind && preview.includeVerified === includeVerified && !previewing ? preview.result : null;
  const shown = current?.ok ? current.preview : null;
  const done = outcome?.ok === true;
  const reasonOk = reason.trim().length >= 3;
  const needsCode = kind === "hold_release" && releaseCode === "";
  const needsCritical = kind === "hold_release" && (shown?.criticalStillFiring ?? 0) > 0 && !confirmCritical;
  const canSubmit =
    kind !== null && shown !== null && shown.eligible > 0 && reasonOk && !needsCode && !needsCritical && !requesting && !done;

  const submit = () => {
    if (!kind || !shown) return;
    const payload: BulkRequestPayload = {
      kind,
      selection,
      reason: reason.trim(),
      confirmCritical,
      expectedCount: shown.eligible,
      expectedDigest: shown.digest,
      requestKey,
      origin,
      ...(kind === "withdrawal_hold"
        ? { holdHours: holdValue === "indefinite" ? null : Number(holdValue), includeVerified }
        : {}),
      ...(kind === "hold_release" && releaseCode !== "" ? { releaseCode } : {}),
    };
    startRequest(async () => {
      const result = await actions.request(payload);
      setOutcome(result);
      // The accounts changed under the preview: show the new numbers, ask again.
      if (!result.ok && result.code === "CONFLICT") runPreview(kind, includeVerified);
    });
  };

  const fieldError = (name: string) => (outcome && !outcome.ok ? outcome.fieldErrors?.[name] : undefined);
  const reasonError = fieldError("reason") ?? (reasonTouched && !reasonOk ? "Give a reason (at least 3 characters)." : undefined);

  return (
    <section
      aria-labelledby={`${id}-title`}
      className="@container space-y-4 rounded-lg border border-amber-200 bg-amber-50/60 p-4 text-sm text-slate-800"
      data-testid="bulk-request-form"
    >
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h3 id={`${id}-title`} className="text-sm font-semibold text-slate-900">
            {title}
          </h3>
          <p className="mt-0.5 text-xs text-slate-600">{selectionDescription}</p>
          {selection.kind === "filter" ? (
            <p className="mt-2 flex flex-wrap items-center gap-1.5 text-xs text-slate-600">
              <span>Filter:</span>
              <TriageFilterSummary query={selection.query} />
            </p>
          ) : null}
        </div>
      </header>

      <fieldset disabled={done}>
        <legend className="block text-xs font-medium text-slate-700">Action</legend>
        {/* The form's own width decides (a table's panel or an account page's side column), not the window's. */}
        <div className="mt-1 grid gap-2 @xl:grid-cols-3">
          {BULK_KIND_CHOICES.filter((c) => kinds.includes(c.kind)).map((choice) => (
            <label
              key={choice.kind}
              className={`flex cursor-pointer gap-2 rounded-md border bg-white p-2.5 ${
                kind === choice.kind ? "border-brand-500 ring-2 ring-brand-500/20" : "border-slate-300 hover:border-slate-400"
              }`}
            >
              <input
                type="radio"
                name={`${id}-kind`}
                value={choice.kind}
                checked={kind === choice.kind}
                onChange={() => choose(choice.kind)}
                className="mt-0.5 h-4 w-4"
              />
              <span>
                <span className="block font-medium text-slate-900">{choice.label}</span>
                <span className="block text-xs text-slate-500">{choice.help}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      {kind ? (
        <fieldset disabled={done} className="grid gap-3 @lg:grid-cols-2">
          {kind === "withdrawal_hold" ? (
            <div>
              <label htmlFor={`${id}-hold`} className="block text-xs font-medium text-slate-700">
                Hold for
              </label>
              <select id={`${id}-hold`} className={inputClass} value={holdValue} onChange={(e) => setHoldValue(e.target.value)}>
                {BULK_HOLD_DURATIONS.some((d) => d.value === String(defaultHoldHours)) ? null : (
                  <option value={String(defaultHoldHours)}>{defaultHoldHours} hours (default)</option>
                )}
                {BULK_HOLD_DURATIONS.map((d) => (
                  <option key={d.value} value={d.value}>
                    {d.label}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {kind === "hold_release" ? (
            <div>
              <label htmlFor={`${id}-code`} className="block text-xs font-medium text-slate-700">
                Release reason
              </label>
              <select
                id={`${id}-code`}
                className={inputClass}
                value={releaseCode}
                onChange={(e) => setReleaseCode(e.target.value as ReleaseCode | "")}
                aria-invalid={fieldError("releaseCode") ? true : undefined}
                aria-describedby={fieldError("releaseCode") ? `${id}-code-error` : undefined}
              >
                <option value="" disabled>
                  Choose…
                </option>
                {RELEASE_CODES.map((code) => (
                  <option key={code} value={code}>
                    {RELEASE_CODE_LABELS[code]}
                  </option>
                ))}
              </select>
              {fieldError("releaseCode") ? (
                <p id={`${id}-code-error`} className="mt-1 text-xs text-red-600">
                  {fieldError("releaseCode")}
                </p>
              ) : null}
            </div>
          ) : null}
          <div className={kind === "password_reset" ? "@lg:col-span-2" : ""}>
            <label htmlFor={`${id}-reason`} className="block text-xs font-medium text-slate-700">
              {kind === "hold_release" ? "Note (why these holds end)" : "Reason (kept in the audit log and on the timeline)"}
            </label>
            <input
              id={`${id}-reason`}
              className={inputClass}
              value={reason}
              maxLength={1000}
              onChange={(e) => {
                setReason(e.target.value);
                setReasonTouched(true);
              }}
              onBlur={() => setReasonTouched(true)}
              aria-invalid={reasonError ? true : undefined}
              aria-describedby={reasonError ? `${id}-reason-error` : undefined}
            />
            {reasonError ? (
              <p id={`${id}-reason-error`} aria-live="polite" className="mt-1 text-xs text-red-600">
                {reasonError}
              </p>
            ) : null}
          </div>
        </fieldset>
      ) : (
        <p className="text-xs text-slate-600">Choose an action to see which accounts it touches.</p>
      )}

      <div aria-live="polite" aria-busy={previewing}>
        {kind && previewing ? (
          <p className="rounded-md border border-slate-200 bg-white p-3 text-slate-600">Checking which accounts this touches…</p>
        ) : null}
        {current && !current.ok ? (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-red-800">
            {current.message}
          </p>
        ) : null}
        {shown ? (
          <PreviewSummary
            preview={shown}
            confirmCritical={confirmCritical}
            onConfirmCritical={setConfirmCritical}
            onIncludeVerified={chooseIncludeVerified}
            disabled={done}
          />
        ) : null}
      </div>

      <div className="flex flex-wrap items-center gap-3 border-t border-amber-200 pt-3">
        {kind && shown ? (
          <button type="button" className={primaryButton} disabled={!canSubmit} onClick={submit} data-testid="bulk-confirm">
            {requesting ? "Requesting…" : bulkConfirmLabel(kind, shown.eligible, holdValue)}
          </button>
        ) : null}
        <button type="button" className={secondaryButton} onClick={onClose}>
          {done ? "Close" : "Cancel"}
        </button>
        {shown?.eligible === 0 ? <span className="text-xs text-slate-600">Nothing to do for this selection.</span> : null}
        {shown && needsCode ? <span className="text-xs text-slate-600">Choose a release reason first.</span> : null}
        {shown && !needsCode && needsCritical ? (
          <span className="text-xs text-red-700">Tick the confirmation about critical risk rules first.</span>
        ) : null}
        {shown && !needsCode && !needsCritical && !reasonOk ? (
          <span className="text-xs text-slate-600">Give a reason first.</span>
        ) : null}
      </div>

      <div aria-live="polite">
        {outcome?.ok ? (
          <p className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-emerald-900" data-testid="bulk-request-done">
            {outcome.replayed ? "This request was already made: " : "Requested: "}
            <strong>{accounts(outcome.total)}</strong>.{" "}
            {outcome.status === "pending_approval"
              ? "It waits for a second person's approval before anything happens."
              : "It is running now."}{" "}
            <Link href={outcome.href} className="font-semibold text-brand-700 underline underline-offset-2">
              Open the bulk action
            </Link>
          </p>
        ) : outcome && !outcome.ok ? (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-red-800">
            {outcome.message}
          </p>
        ) : null}
      </div>
    </section>
  );
}

function PreviewSummary({
  preview,
  confirmCritical,
  onConfirmCritical,
  onIncludeVerified,
  disabled,
}: {
  preview: BulkPreviewView;
  confirmCritical: boolean;
  onConfirmCritical: (value: boolean) => void;
  onIncludeVerified: (value: boolean) => void;
  disabled: boolean;
}) {
  const skipped = Object.entries(preview.skipped).filter(([, n]) => (n ?? 0) > 0) as [SkipReason, number][];
  const skippedTotal = skipped.reduce((sum, [, n]) => sum + n, 0);
  const more = preview.eligible - preview.first.length;
  return (
    <div className="space-y-2 rounded-md border border-slate-200 bg-white p-3" data-testid="bulk-preview">
      <p className="text-base text-slate-900">
        <strong className="text-lg tabular-nums" data-testid="bulk-preview-count">
          {formatCount(preview.eligible)}
        </strong>{" "}
        {preview.eligible === 1 ? "account" : "accounts"} {WILL[preview.kind]}
        <span className="text-sm text-slate-500"> (dry run: nothing has changed yet)</span>
      </p>
      <p className="text-slate-600">
        Of {accounts(preview.selected)} selected
        {skippedTotal > 0 ? `, ${formatCount(skippedTotal)} ${skippedTotal === 1 ? "is" : "are"} left out:` : ", none is left out."}
      </p>
      {skipped.length > 0 ? (
        <ul className="ml-5 list-disc text-slate-700">
          {skipped.map(([reason, n]) => (
            <li key={reason}>
              <span className="tabular-nums">{formatCount(n)}</span> {SKIP_REASON_LABELS[reason] ?? reason}
            </li>
          ))}
        </ul>
      ) : null}
      {preview.kind === "withdrawal_hold" ? (
        <PriorHoldBreakdown preview={preview} onIncludeVerified={onIncludeVerified} disabled={disabled} />
      ) : null}
      <p>
        {preview.needsApproval ? (
          <Badge tone="warning">Needs a second person&apos;s approval</Badge>
        ) : (
          <Badge tone="info">Runs at once</Badge>
        )}{" "}
        <span className="text-xs text-slate-500">
          {preview.needsApproval
            ? `More than ${formatCount(preview.approvalThreshold)} accounts: someone else with approval rights must approve it within the approval window.`
            : `${formatCount(preview.approvalThreshold)} accounts or fewer need no second approval.`}
        </span>
      </p>
      {preview.first.length > 0 ? (
        <p className="text-slate-600">
          First in line (highest risk):{" "}
          <span className="font-mono text-xs text-slate-800">{preview.first.join(", ")}</span>
          {more > 0 ? <span> and {formatCount(more)} more</span> : null}
        </p>
      ) : null}
      {preview.kind === "hold_release" && preview.criticalStillFiring > 0 ? (
        <div className="rounded-md border border-red-200 bg-red-50 p-3 text-red-800">
          <p className="font-medium">
            {accounts(preview.criticalStillFiring)} still {preview.criticalStillFiring === 1 ? "fires" : "fire"} a critical
            risk rule.
          </p>
          <label className="mt-2 flex items-center gap-2">
            <input
              type="checkbox"
              className="h-4 w-4"
              checked={confirmCritical}
              disabled={disabled}
              onChange={(e) => onConfirmCritical(e.target.checked)}
            />
            I have checked, and release their holds anyway.
          </label>
        </div>
      ) : null}
    </div>
  );
}

/**
 * A hold's accounts by their earlier state: whom it holds again, and the
 * customers support released after verifying them, left out unless the
 * requester includes them on purpose.
 */
function PriorHoldBreakdown({
  preview,
  onIncludeVerified,
  disabled,
}: {
  preview: BulkPreviewView;
  onIncludeVerified: (value: boolean) => void;
  disabled: boolean;
}) {
  const states = Object.entries(preview.priorHoldStates).filter(([, n]) => (n ?? 0) > 0) as [PriorHoldState, number][];
  const verifiedLeftOut = preview.skipped.verified_release ?? 0;
  const verifiedIn = preview.priorHoldStates.verified_included ?? 0;
  return (
    <div className="space-y-2" data-testid="bulk-prior-holds">
      {states.length > 0 ? (
        <>
          <p className="text-slate-600">Of the accounts it holds, by earlier state:</p>
          <ul className="ml-5 list-disc text-slate-700">
            {states.map(([state, n]) => (
              <li key={state}>
                <span className="tabular-nums">{formatCount(n)}</span> {PRIOR_HOLD_STATE_LABELS[state]}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {verifiedLeftOut > 0 || preview.includeVerified ? (
        <label className="flex items-start gap-2 rounded-md border border-amber-200 bg-amber-50 p-2.5 text-slate-800">
          <input
            type="checkbox"
            className="mt-0.5 h-4 w-4"
            checked={preview.includeVerified}
            disabled={disabled}
            onChange={(e) => onIncludeVerified(e.target.checked)}
            data-testid="bulk-include-verified"
          />
          <span>
            Also hold the{" "}
            <span className="tabular-nums">{formatCount(preview.includeVerified ? verifiedIn : verifiedLeftOut)}</span>{" "}
            {(preview.includeVerified ? verifiedIn : verifiedLeftOut) === 1 ? "customer" : "customers"} whose hold was
            released as verified with the customer, with no security event since.
          </span>
        </label>
      ) : null}
    </div>
  );
}
