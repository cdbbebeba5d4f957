"use client";

import { useState } from "react";
import type { FormAction } from "@/lib/action-result";
import { useFormAction } from "../ui/use-form-action";
import { SubmitButton } from "../ui/submit-button";
import { Field, FormStatus, fieldError, inputClass, primaryButton } from "../timeline/form-field";

/** The close request: the retention schedule (defaults from configuration) and an optional note. */
export function RequestCloseForm({
  slug,
  defaults,
  action,
}: {
  slug: string;
  defaults: { pseudonymiseDays: number; eraseDays: number };
  action: FormAction;
}) {
  const [state, onSubmit, pending] = useFormAction(action);
  // One key per form shown: a double submit finds the first request.
  const [requestKey] = useState(() => crypto.randomUUID());
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Request the close">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="requestKey" value={requestKey} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id="close-pseudonymise"
          label="Pseudonymise the personal data after (days)"
          hint="The leaked list and the matched personal data are replaced by keyed hashes."
          error={fieldError(state, "retention.pseudonymiseDays")}
        >
          <input
            id="close-pseudonymise"
            name="pseudonymiseDays"
            type="number"
            min={0}
            className={inputClass}
            defaultValue={defaults.pseudonymiseDays}
          />
        </Field>
        <Field
          id="close-erase"
          label="Erase the pseudonymised remainder after (days)"
          hint="Counted from the close; only aggregates remain."
          error={fieldError(state, "retention.eraseDays")}
        >
          <input id="close-erase" name="eraseDays" type="number" min={1} className={inputClass} defaultValue={defaults.eraseDays} />
        </Field>
      </div>
      <Field id="close-reason" label="Note for the approver (optional)" error={fieldError(state, "reason")}>
        <textarea id="close-reason" name="reason" rows={2} maxLength={2000} className={inputClass} />
      </Field>
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton className={primaryButton} disabled={pending}>
          {pending ? "Requesting…" : "Request the close"}
        </SubmitButton>
        <FormStatus state={state} />
      </div>
    </form>
  );
}
