"use client";

import { useRef, useState, type ReactNode } from "react";
import type { ActionResult, FormAction } from "@/lib/action-result";
import { MILESTONE_LABELS, TIMELINE_MILESTONES } from "@/lib/timeline/categories";
import { useFormAction } from "../ui/use-form-action";
import { SubmitButton } from "../ui/submit-button";
import { Field, FormStatus, fieldError, inputClass, invalidProps, primaryButton, secondaryButton } from "./form-field";
import { TimeZoneOptions } from "./time-zone-options";
import { useViewerTimeZone } from "./use-viewer-time-zone";

export function AddObligationForm({ slug, action }: { slug: string; action: FormAction }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [state, onSubmit, pending] = useFormAction(action, () => formRef.current?.reset());
  const error = (name: string) => fieldError(state, name);
  return (
    <form method="post" ref={formRef} onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Add a notification obligation">
      <input type="hidden" name="slug" value={slug} />
      <Field id="obligation-title" label="Obligation" error={error("title")}>
        <input
          id="obligation-title"
          name="title"
          required
          placeholder="Notify affected California residents"
          className={inputClass}
          {...invalidProps("obligation-title", error("title"))}
        />
      </Field>
      <Field id="obligation-authority" label="Authority or basis" error={error("authority")}>
        <input
          id="obligation-authority"
          name="authority"
          placeholder="Cal. Civ. Code § 1798.82"
          className={inputClass}
        />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field id="obligation-days" label="Due (days after T0)" error={error("dueInDays")}>
          <input
            id="obligation-days"
            name="dueInDays"
            type="number"
            min={0}
            max={3650}
            required
            className={inputClass}
            {...invalidProps("obligation-days", error("dueInDays"))}
          />
        </Field>
        <Field id="obligation-milestone" label="Met by milestone" error={error("metByMilestone")}>
          <select id="obligation-milestone" name="metByMilestone" defaultValue="" className={inputClass}>
            <option value="">None (mark by hand)</option>
            {TIMELINE_MILESTONES.filter((m) => m !== "leak_started" && m !== "aware").map((m) => (
              <option key={m} value={m}>
                {MILESTONE_LABELS[m]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="flex items-center gap-3">
        <SubmitButton disabled={pending} className={primaryButton}>
          {pending ? "Adding…" : "Add obligation"}
        </SubmitButton>
        <FormStatus state={state} />
      </div>
    </form>
  );
}

type ObligationFormProps = { slug: string; obligationId: string; title: string; action: FormAction };

/**
 * A form behind a small button on an obligation's row: opened in place, with
 * the obligation's ids, the submit and cancel buttons and the outcome line;
 * `fields` draws what the verb asks for.
 */
function ObligationRowForm({
  slug,
  obligationId,
  title,
  action,
  verb,
  openerClass,
  fields,
}: ObligationFormProps & {
  verb: string;
  openerClass: string;
  fields: (state: ActionResult | null) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [state, onSubmit, pending] = useFormAction(action);
  if (!open) {
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        className={`text-xs font-semibold print:hidden ${openerClass}`}
      >
        {verb}
        <span className="sr-only">: {title}</span>
      </button>
    );
  }
  return (
    <form
      method="post"
      onSubmit={onSubmit}
      noValidate
      className="space-y-2 rounded-md bg-slate-50 p-3 print:hidden"
      aria-label={`${verb}: ${title}`}
    >
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="obligationId" value={obligationId} />
      {fields(state)}
      <div className="flex items-center gap-2">
        <SubmitButton disabled={pending} className={primaryButton}>
          {pending ? "Saving…" : verb}
        </SubmitButton>
        <button type="button" onClick={() => setOpen(false)} className={secondaryButton}>
          Cancel
        </button>
        <FormStatus state={state} />
      </div>
    </form>
  );
}

export function MarkObligationMetForm(props: ObligationFormProps) {
  const zone = useViewerTimeZone();
  const id = `met-${props.obligationId}`;
  return (
    <ObligationRowForm
      {...props}
      verb="Mark met"
      openerClass="text-brand-700 hover:text-brand-600"
      fields={(state) => (
        <>
          <div className="grid grid-cols-2 gap-2">
            <Field id={`${id}-at`} label="Met at" error={fieldError(state, "metAt")}>
              <input
                id={`${id}-at`}
                name="metAtLocal"
                type="datetime-local"
                required
                className={inputClass}
                {...invalidProps(`${id}-at`, fieldError(state, "metAt"))}
              />
            </Field>
            <Field id={`${id}-zone`} label="Time zone" error={fieldError(state, "timeZone")}>
              <input
                key={zone ?? "server"}
                id={`${id}-zone`}
                name="timeZone"
                list={`${id}-zones`}
                defaultValue={zone ?? "UTC"}
                className={inputClass}
              />
              <TimeZoneOptions id={`${id}-zones`} />
            </Field>
          </div>
          <Field id={`${id}-note`} label="Reference (optional)">
            <input id={`${id}-note`} name="note" placeholder="Filing reference" className={inputClass} />
          </Field>
        </>
      )}
    />
  );
}

/** Waives an obligation judged not to apply, with the reason the audit log and the close checklist keep. */
export function WaiveObligationForm(props: ObligationFormProps) {
  const id = `waive-${props.obligationId}`;
  return (
    <ObligationRowForm
      {...props}
      verb="Waive"
      openerClass="text-slate-600 hover:text-slate-800"
      fields={(state) => (
        <Field id={`${id}-reason`} label="Why does it not apply? (required)" error={fieldError(state, "reason")}>
          <input
            id={`${id}-reason`}
            name="reason"
            required
            className={inputClass}
            {...invalidProps(`${id}-reason`, fieldError(state, "reason"))}
          />
        </Field>
      )}
    />
  );
}
