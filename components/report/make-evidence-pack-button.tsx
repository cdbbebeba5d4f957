"use client";

import type { FormAction } from "@/lib/action-result";
import { FormStatus } from "../timeline/form-field";
import { useFormAction } from "../ui/use-form-action";
import { SubmitButton } from "../ui/submit-button";

/** "Make now": a pack of the incident as it stands (the worker makes one at close anyway). */
export function MakeEvidencePackButton({ slug, action }: { slug: string; action: FormAction }) {
  const [state, onSubmit, pending] = useFormAction(action);
  return (
    <form method="post" onSubmit={onSubmit} className="flex items-center gap-3" aria-label="Make an evidence pack now">
      <input type="hidden" name="slug" value={slug} />
      <FormStatus state={state} />
      <SubmitButton
        disabled={pending}
        className="rounded-md bg-white px-3 py-2 text-sm font-semibold text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:opacity-60"
      >
        {pending ? "Making the pack…" : "Make now"}
      </SubmitButton>
    </form>
  );
}
