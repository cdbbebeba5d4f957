"use client";

import type { FormAction } from "@/lib/action-result";
import { Field, FormStatus, fieldError, inputClass, invalidProps, primaryButton } from "../timeline/form-field";
import { useFormAction } from "../ui/use-form-action";
import { SubmitButton } from "../ui/submit-button";

export type ReportContactsValues = {
  controllerName: string | null;
  controllerContact: string | null;
  dpoName: string | null;
  dpoContact: string | null;
};

const FIELDS: { name: keyof ReportContactsValues; label: string; hint: string; rows: number }[] = [
  { name: "controllerName", label: "Controller", hint: "The company responsible for the data", rows: 1 },
  { name: "controllerContact", label: "Controller's address", hint: "Postal address, registration number", rows: 2 },
  { name: "dpoName", label: "Data protection officer or contact point", hint: "Name or role", rows: 1 },
  {
    name: "dpoContact",
    label: "Contact details",
    hint: "E-mail and telephone where the authority can learn more",
    rows: 2,
  },
];

/** The controller and contact point block of the report (GDPR Art. 33(3)(b)), per incident. */
export function ReportContactsForm({
  slug,
  contacts,
  action,
}: {
  slug: string;
  contacts: ReportContactsValues;
  action: FormAction;
}) {
  const [state, onSubmit, pending] = useFormAction(action);
  const error = (name: string) => fieldError(state, name);
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Edit the controller and contact point">
      <input type="hidden" name="slug" value={slug} />
      <div className="grid gap-4 sm:grid-cols-2">
        {FIELDS.map((f) => (
          <Field key={f.name} id={`contact-${f.name}`} label={f.label} hint={f.hint} error={error(f.name)}>
            <textarea
              id={`contact-${f.name}`}
              name={f.name}
              rows={f.rows}
              defaultValue={contacts[f.name] ?? ""}
              className={inputClass}
              {...invalidProps(`contact-${f.name}`, error(f.name))}
            />
          </Field>
        ))}
      </div>
      <p className="text-xs text-slate-500">
        GDPR Article 33(3)(b) asks for the contact point where the authority can obtain more information. Changes are
        audited.
      </p>
      <div className="flex items-center gap-3">
        <SubmitButton disabled={pending} className={primaryButton}>
          {pending ? "Saving…" : "Save contacts"}
        </SubmitButton>
        <FormStatus state={state} />
      </div>
    </form>
  );
}
