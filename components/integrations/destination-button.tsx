"use client";

import type { FormEvent } from "react";
import type { DestinationActionResult } from "@/lib/events/contracts";
import { FormStatus, secondaryButton } from "../timeline/form-field";
import { useFormAction } from "../ui/use-form-action";
import { SubmitButton } from "../ui/submit-button";
import { ShownOnceSecret } from "./shown-once-secret";

type Action = (previous: DestinationActionResult | null, formData: FormData) => Promise<DestinationActionResult>;

/** One verb on one destination (send a test event, enable, rotate the secret, remove), with its answer. */
export function DestinationButton({
  action,
  id,
  label,
  fields = {},
  confirm,
}: {
  action: Action;
  id: string;
  label: string;
  fields?: Record<string, string>;
  confirm?: string;
}) {
  const [state, submit, pending] = useFormAction(action);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    if (confirm && !window.confirm(confirm)) {
      event.preventDefault();
      return;
    }
    submit(event);
  };
  return (
    <form method="post" onSubmit={onSubmit} className="inline-block space-y-1">
      <input type="hidden" name="id" value={id} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <SubmitButton disabled={pending} className={`${secondaryButton} px-2 py-1 text-xs`}>
        {label}
      </SubmitButton>
      {state ? <FormStatus state={state} /> : null}
      {state?.ok && state.secret ? <ShownOnceSecret secret={state.secret} /> : null}
    </form>
  );
}
