"use client";

import type { FormAction } from "@/lib/action-result";
import { useFormAction } from "../ui/use-form-action";
import { SubmitButton } from "../ui/submit-button";
import { Field, FormStatus, fieldError, inputClass, secondaryButton } from "../timeline/form-field";

/** Reopening a closed incident, with the reason the audit log and the timeline keep. */
export function ReopenForm({ slug, action }: { slug: string; action: FormAction }) {
  const [state, onSubmit, pending] = useFormAction(action);
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Reopen the incident">
      <input type="hidden" name="slug" value={slug} />
      <Field id="reopen-reason" label="Why is it reopened? (required)" error={fieldError(state, "reason")}>
        <textarea id="reopen-reason" name="reason" rows={2} maxLength={2000} className={inputClass} />
      </Field>
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton className={secondaryButton} disabled={pending}>
          {pending ? "Reopening…" : "Reopen the incident"}
        </SubmitButton>
        <FormStatus state={state} />
      </div>
    </form>
  );
}
