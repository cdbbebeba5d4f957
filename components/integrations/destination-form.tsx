"use client";

import { useState } from "react";
import { DESTINATION_KIND_LABELS, DESTINATION_KINDS, type DestinationActionResult, type DestinationKind } from "@/lib/events/contracts";
import { EVENT_LABELS, EVENT_TYPES } from "@/lib/events/event-types";
import { Field, FormStatus, fieldError, inputClass, invalidProps, primaryButton } from "../timeline/form-field";
import { useFormAction } from "../ui/use-form-action";
import { SubmitButton } from "../ui/submit-button";
import { ShownOnceSecret } from "./shown-once-secret";

type Action = (previous: DestinationActionResult | null, formData: FormData) => Promise<DestinationActionResult>;

/** Adds a destination; a signed webhook's secret is shown this once. */
export function DestinationForm({ action, incidents }: { action: Action; incidents: { id: string; slug: string }[] }) {
  const [state, onSubmit, pending] = useFormAction(action);
  const [kind, setKind] = useState<DestinationKind>("slack");
  return (
    <div className="space-y-4">
      <form method="post" onSubmit={onSubmit} noValidate className="grid gap-4 sm:grid-cols-2" aria-label="Add a destination">
        <Field id="ed-name" label="Name" error={fieldError(state, "name")}>
          <input id="ed-name" name="name" required placeholder="#incident-room" className={inputClass} {...invalidProps("ed-name", fieldError(state, "name"))} />
        </Field>
        <Field id="ed-kind" label="Kind" error={fieldError(state, "kind")}>
          <select id="ed-kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value as DestinationKind)} className={inputClass}>
            {DESTINATION_KINDS.map((k) => (
              <option key={k} value={k}>
                {DESTINATION_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </Field>
        {kind !== "email" ? (
          <Field
            id="ed-url"
            label="Webhook URL"
            error={fieldError(state, "url")}
            hint="https only; private and loopback addresses are refused unless an admin allowed the host."
            className="sm:col-span-2"
          >
            <input id="ed-url" name="url" type="url" required className={inputClass} {...invalidProps("ed-url", fieldError(state, "url"))} />
          </Field>
        ) : (
          <p className="text-xs text-slate-600 sm:col-span-2">
            E-mail goes to the active staff who may approve bulk actions or notices, through the notices&rsquo; SMTP relay. Never to customers.
          </p>
        )}
        <Field id="ed-incident" label="Incident" error={fieldError(state, "incidentId")}>
          <select id="ed-incident" name="incidentId" defaultValue="" className={inputClass}>
            <option value="">Every incident</option>
            {incidents.map((i) => (
              <option key={i.id} value={i.id}>
                {i.slug}
              </option>
            ))}
          </select>
        </Field>
        <fieldset className="sm:col-span-2">
          <legend className="text-xs font-medium text-slate-700">Events (none ticked: all)</legend>
          <div className="mt-1 grid gap-1 sm:grid-cols-2">
            {EVENT_TYPES.filter((t) => t !== "destination.test").map((t) => (
              <label key={t} className="flex items-center gap-2 text-sm text-slate-700">
                <input type="checkbox" name="eventTypes" value={t} /> {EVENT_LABELS[t]}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="flex items-center gap-3 sm:col-span-2">
          <SubmitButton disabled={pending} className={primaryButton}>
            {pending ? "Adding…" : "Add destination"}
          </SubmitButton>
          <FormStatus state={state} />
        </div>
      </form>
      {state?.ok && state.secret ? <ShownOnceSecret secret={state.secret} /> : null}
    </div>
  );
}
