"use client";

import { useRef, useState } from "react";
import type { FormAction } from "@/lib/action-result";
import { MILESTONE_LABELS, TIMELINE_MILESTONES } from "@/lib/timeline/categories";
import { useFormAction } from "../ui/use-form-action";
import { Field, FormStatus, fieldError, inputClass, invalidProps, primaryButton, secondaryButton } from "./form-field";
import { TimeZoneOptions } from "./time-zone-options";
import { useViewerTimeZone } from "./use-viewer-time-zone";

export function AddObligationForm({ slug, action }: { slug: string; action: FormAction }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [state, onSubmit, pending] = useFormAction(action, () => formRef.current?.reset());
  const error = (name: string) => fieldError(state, name);
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Add a notification obligation">
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
        <button type="submit" disabled={pending} className={primaryButton}>
          {pending ? "Adding…" : "Add obligation"}
        </button>
        <FormStatus state={state} />
      </div>
    </form>
  );
}

export function MarkObligationMetForm({
  slug,
  obligationId,
  title,
  action,
}: {
  slug: string;
  obligationId: string;
  title: string;
  action: FormAction;
}) {
  const [open, setOpen] = useState(false);
  const [state, onSubmit, pending] = useFormAction(action);
  const zone = useViewerTimeZone();
  const id = `met-${obligationId}`;
  if (!open) {
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="text-xs font-semibold text-brand-700 hover:text-brand-600 print:hidden"
      >
        Mark met<span className="sr-only">: {title}</span>
      </button>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-2 rounded-md bg-slate-50 p-3 print:hidden">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="obligationId" value={obligationId} />
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
      <div className="flex items-center gap-2">
        <button type="submit" disabled={pending} className={primaryButton}>
          {pending ? "Saving…" : "Mark met"}
        </button>
        <button type="button" onClick={() => setOpen(false)} className={secondaryButton}>
          Cancel
        </button>
        <FormStatus state={state} />
      </div>
    </form>
  );
}

/** Waives an obligation judged not to apply, with the reason the audit log and the close checklist keep. */
export function WaiveObligationForm({
  slug,
  obligationId,
  title,
  action,
}: {
  slug: string;
  obligationId: string;
  title: string;
  action: FormAction;
}) {
  const [open, setOpen] = useState(false);
  const [state, onSubmit, pending] = useFormAction(action);
  const id = `waive-${obligationId}`;
  if (!open) {
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="text-xs font-semibold text-slate-600 hover:text-slate-800 print:hidden"
      >
        Waive<span className="sr-only">: {title}</span>
      </button>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-2 rounded-md bg-slate-50 p-3 print:hidden" aria-label={`Waive ${title}`}>
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="obligationId" value={obligationId} />
      <Field id={`${id}-reason`} label="Why does it not apply? (required)" error={fieldError(state, "reason")}>
        <input
          id={`${id}-reason`}
          name="reason"
          required
          className={inputClass}
          {...invalidProps(`${id}-reason`, fieldError(state, "reason"))}
        />
      </Field>
      <div className="flex items-center gap-2">
        <button type="submit" disabled={pending} className={primaryButton}>
          {pending ? "Saving…" : "Waive"}
        </button>
        <button type="button" onClick={() => setOpen(false)} className={secondaryButton}>
          Cancel
        </button>
        <FormStatus state={state} />
      </div>
    </form>
  );
}
