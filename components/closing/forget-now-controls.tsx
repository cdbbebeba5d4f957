"use client";

import { useId, useState, useTransition } from "react";
import type { ActionResult, StepUpMethod } from "@/lib/action-result";
import { formatCount } from "@/lib/format/numbers";
import { StepUpFields } from "../auth/step-up-fields";
import { dangerButton, secondaryButton } from "../timeline/form-field";

const WORDS = {
  pseudonymise: {
    open: "Pseudonymise now…",
    confirm: "Pseudonymise the personal data now",
    busy: "Starting…",
  },
  erase: { open: "Erase now…", confirm: "Erase the pseudonymised rows now", busy: "Starting…" },
} as const;

/**
 * Starting a closed incident's next step of forgetting before its date: the
 * panel says what goes before the button that does it, and asks for the
 * second factor when the server wants a fresher one.
 */
export function ForgetNowControls({
  step,
  counts,
  start,
}: {
  step: "pseudonymise" | "erase";
  counts: { uniqueAddresses: number; leakedRecipients: number; matchedAccounts: number };
  start: (step: "pseudonymise" | "erase", secondFactorCode?: string) => Promise<ActionResult>;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [stepUp, setStepUp] = useState<StepUpMethod | null>(null);
  const [code, setCode] = useState("");
  const [result, setResult] = useState<ActionResult | null>(null);
  const [pending, startTransition] = useTransition();
  const words = WORDS[step];

  const confirm = () =>
    startTransition(async () => {
      const outcome = await start(step, stepUp?.method === "totp" ? code : undefined);
      setResult(outcome);
      setCode("");
      if (!outcome.ok && outcome.stepUp) setStepUp(outcome.stepUp);
      if (outcome.ok) {
        setOpen(false);
        setStepUp(null);
      }
    });

  return (
    <div className="space-y-2" data-testid="forget-now">
      <button
        type="button"
        className={`${secondaryButton} text-red-700`}
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => {
          setOpen(!open);
          setResult(null);
        }}
      >
        {words.open}
      </button>
      {open ? (
        <div
          id={`${id}-panel`}
          role="region"
          aria-label={words.confirm}
          className="space-y-2 rounded-lg border border-red-200 bg-red-50/60 p-3 text-sm text-slate-800"
        >
          {step === "pseudonymise" ? (
            <>
              <p className="font-semibold">This goes now, instead of on the scheduled date, and cannot be undone:</p>
              <ul className="list-disc space-y-1 pl-5">
                <li>
                  {formatCount(counts.uniqueAddresses)} exposed addresses ({formatCount(counts.leakedRecipients)}{" "}
                  recipient rows) become keyed hashes, and the key is destroyed;
                </li>
                <li>
                  display names, account notes&apos; text, security events&apos; details and rejected import lines are
                  cleared;
                </li>
                <li>addresses are removed from notices, reasons, notes, the timeline and stored API answers.</li>
              </ul>
              <p>
                The numbers, the timeline, the audit log and the evidence stay. The incident can no longer be reopened.
              </p>
            </>
          ) : (
            <>
              <p className="font-semibold">This goes now, instead of on the scheduled date, and cannot be undone:</p>
              <p>
                the pseudonymised rows of {formatCount(counts.leakedRecipients)} recipients and{" "}
                {formatCount(counts.matchedAccounts)} matched accounts&apos; notes, holds, security events and
                remediation states. The numbers, frozen charts, timeline, audit log and evidence stay.
              </p>
            </>
          )}
          <StepUpFields id={id} stepUp={stepUp} code={code} onCode={setCode} />
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className={dangerButton}
              disabled={pending || (stepUp?.method === "totp" && code.trim() === "")}
              onClick={confirm}
            >
              {pending ? words.busy : words.confirm}
            </button>
            <button type="button" className={secondaryButton} onClick={() => setOpen(false)}>
              Keep the schedule
            </button>
          </div>
        </div>
      ) : null}
      <p
        role="status"
        aria-live="polite"
        className={`text-sm ${result?.ok === false ? "text-red-700" : "text-emerald-700"}`}
      >
        {result?.message ?? ""}
      </p>
    </div>
  );
}
