"use client";

import { useState } from "react";
import type { FormAction } from "@/lib/action-result";
import { utcToWallTime } from "@/lib/timeline/zoned-time";
import { useFormAction } from "../ui/use-form-action";
import { SubmitButton } from "../ui/submit-button";
import { EventFields } from "./event-fields";
import { Field, FormStatus, fieldError, inputClass, invalidProps, primaryButton, secondaryButton } from "./form-field";

export type EditableEvent = {
  id: string;
  version: number;
  occurredAt: string;
  timeZone: string;
  category: string;
  milestone: string | null;
  title: string;
  body: string;
  evidenceLinks: string[];
};

/** Edit and Retract for one event, each opening its form in place. */
export function EventActions({
  slug,
  event,
  editAction,
  retractAction,
}: {
  slug: string;
  event: EditableEvent;
  editAction: FormAction;
  retractAction: FormAction;
}) {
  const [open, setOpen] = useState<"edit" | "retract" | null>(null);
  return (
    <div className="print:hidden">
      <div className="flex gap-3 text-xs">
        <button
          type="button"
          aria-expanded={open === "edit"}
          onClick={() => setOpen(open === "edit" ? null : "edit")}
          className="font-semibold text-brand-700 hover:text-brand-600"
        >
          Edit<span className="sr-only"> “{event.title}”</span>
        </button>
        <button
          type="button"
          aria-expanded={open === "retract"}
          onClick={() => setOpen(open === "retract" ? null : "retract")}
          className="font-semibold text-slate-500 hover:text-red-700"
        >
          Retract<span className="sr-only"> “{event.title}”</span>
        </button>
      </div>
      {open === "edit" ? <EditForm slug={slug} event={event} action={editAction} onDone={() => setOpen(null)} /> : null}
      {open === "retract" ? (
        <RetractForm slug={slug} event={event} action={retractAction} onDone={() => setOpen(null)} />
      ) : null}
    </div>
  );
}

function EditForm({
  slug,
  event,
  action,
  onDone,
}: {
  slug: string;
  event: EditableEvent;
  action: FormAction;
  onDone: () => void;
}) {
  const [state, onSubmit, pending] = useFormAction(action, onDone);
  const noteId = `edit-${event.id}-note`;
  return (
    <form
      method="post"
      onSubmit={onSubmit}
      noValidate
      aria-label={`Edit “${event.title}”`}
      className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-slate-50 p-4"
    >
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="eventId" value={event.id} />
      <input type="hidden" name="expectedVersion" value={event.version} />
      <EventFields
        idPrefix={`edit-${event.id}`}
        state={state}
        defaults={{
          occurredAtLocal: utcToWallTime(new Date(event.occurredAt), event.timeZone),
          timeZone: event.timeZone,
          category: event.category,
          milestone: event.milestone ?? "",
          title: event.title,
          body: event.body,
          evidenceLinks: event.evidenceLinks.join("\n"),
        }}
      />
      <Field id={noteId} label="Reason for the change" error={fieldError(state, "changeNote")}>
        <input
          id={noteId}
          name="changeNote"
          required
          maxLength={2000}
          className={inputClass}
          {...invalidProps(noteId, fieldError(state, "changeNote"))}
        />
      </Field>
      <div className="flex items-center gap-3">
        <SubmitButton disabled={pending} className={primaryButton}>
          {pending ? "Saving…" : "Save as new version"}
        </SubmitButton>
        <button type="button" onClick={onDone} className={secondaryButton}>
          Cancel
        </button>
        <FormStatus state={state} />
      </div>
    </form>
  );
}

function RetractForm({
  slug,
  event,
  action,
  onDone,
}: {
  slug: string;
  event: EditableEvent;
  action: FormAction;
  onDone: () => void;
}) {
  const [state, onSubmit, pending] = useFormAction(action, onDone);
  const id = `retract-${event.id}-reason`;
  return (
    <form
      method="post"
      onSubmit={onSubmit}
      noValidate
      aria-label={`Retract “${event.title}”`}
      className="mt-3 space-y-3 rounded-lg border border-red-200 bg-red-50/50 p-4"
    >
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="eventId" value={event.id} />
      <p className="text-xs text-slate-600">
        A retracted event stays in the timeline, marked as retracted with your reason. Nothing is deleted.
      </p>
      <Field id={id} label="Why retract it?" error={fieldError(state, "reason")}>
        <input
          id={id}
          name="reason"
          required
          maxLength={2000}
          className={inputClass}
          {...invalidProps(id, fieldError(state, "reason"))}
        />
      </Field>
      <div className="flex items-center gap-3">
        <SubmitButton
          disabled={pending}
          className="rounded-md bg-red-600 px-3 py-2 text-sm font-semibold text-white hover:bg-red-700 disabled:opacity-60"
        >
          {pending ? "Retracting…" : "Retract event"}
        </SubmitButton>
        <button type="button" onClick={onDone} className={secondaryButton}>
          Cancel
        </button>
        <FormStatus state={state} />
      </div>
    </form>
  );
}
