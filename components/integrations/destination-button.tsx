"use client";

import { startTransition, useActionState, type FormEvent } from "react";
import type { DestinationActionResult } from "@/lib/events/contracts";
import { FormStatus, secondaryButton } from "../timeline/form-field";
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
  const [state, dispatch, pending] = useActionState(action, null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (confirm && !window.confirm(confirm)) return;
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  };
  return (
    <form onSubmit={onSubmit} className="inline-block space-y-1">
      <input type="hidden" name="id" value={id} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" disabled={pending} className={`${secondaryButton} px-2 py-1 text-xs`}>
        {label}
      </button>
      {state ? <FormStatus state={state} /> : null}
      {state?.ok && state.secret ? <ShownOnceSecret secret={state.secret} /> : null}
    </form>
  );
}
