"use client";

import type { FormAction } from "@/lib/action-result";
import type { Article33Summary } from "@/lib/timeline/report-defaults";
import { Field, FormStatus, fieldError, inputClass, invalidProps, primaryButton } from "../timeline/form-field";
import { useFormAction } from "../ui/use-form-action";
import { SubmitButton } from "../ui/submit-button";

const TEXT_FIELDS: { name: keyof Article33Summary; label: string; rows: number }[] = [
  { name: "natureOfBreach", label: "Nature of the breach", rows: 6 },
  { name: "dataCategories", label: "Categories of personal data concerned", rows: 3 },
  { name: "likelyConsequences", label: "Likely consequences", rows: 4 },
  { name: "measuresTaken", label: "Measures taken or proposed", rows: 4 },
];

/**
 * The analysts' edit of the Article 33(3) summary. Fields start from the
 * current text; emptying one (or leaving the generated draft as it is) keeps
 * the draft generated from the data.
 */
export function Article33Form({
  slug,
  summary,
  action,
}: {
  slug: string;
  summary: Article33Summary;
  action: FormAction;
}) {
  const [state, onSubmit, pending] = useFormAction(action);
  const error = (name: string) => fieldError(state, name);
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Edit the Article 33 summary">
      <input type="hidden" name="slug" value={slug} />
      {TEXT_FIELDS.map((f) => (
        <Field key={f.name} id={`a33-${f.name}`} label={f.label} error={error(f.name)}>
          <textarea
            id={`a33-${f.name}`}
            name={f.name}
            rows={f.rows}
            defaultValue={String(summary[f.name])}
            className={inputClass}
            {...invalidProps(`a33-${f.name}`, error(f.name))}
          />
        </Field>
      ))}
      <div className="grid grid-cols-2 gap-4">
        <Field id="a33-approxSubjects" label="Approximate number of data subjects" error={error("approxSubjects")}>
          <input
            id="a33-approxSubjects"
            name="approxSubjects"
            type="number"
            min={0}
            defaultValue={summary.approxSubjects}
            className={inputClass}
            {...invalidProps("a33-approxSubjects", error("approxSubjects"))}
          />
        </Field>
        <Field id="a33-approxRecords" label="Approximate number of records" error={error("approxRecords")}>
          <input
            id="a33-approxRecords"
            name="approxRecords"
            type="number"
            min={0}
            defaultValue={summary.approxRecords}
            className={inputClass}
            {...invalidProps("a33-approxRecords", error("approxRecords"))}
          />
        </Field>
      </div>
      <p className="text-xs text-slate-500">
        Empty a field to go back to the draft generated from the incident&rsquo;s data. Changes are audited.
      </p>
      <div className="flex items-center gap-3">
        <SubmitButton disabled={pending} className={primaryButton}>
          {pending ? "Saving…" : "Save summary"}
        </SubmitButton>
        <FormStatus state={state} />
      </div>
    </form>
  );
}
