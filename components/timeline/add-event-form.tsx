"use client";

import { useRef } from "react";
import type { FormAction } from "@/lib/action-result";
import { useFormAction } from "../ui/use-form-action";
import { SubmitButton } from "../ui/submit-button";
import { EventFields } from "./event-fields";
import { FormStatus, primaryButton } from "./form-field";
import { useViewerTimeZone } from "./use-viewer-time-zone";

export function AddEventForm({ slug, action }: { slug: string; action: FormAction }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [state, onSubmit, pending] = useFormAction(action, () => formRef.current?.reset());
  const zone = useViewerTimeZone();
  return (
    <form method="post" ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Add a timeline event">
      <input type="hidden" name="slug" value={slug} />
      {/* Keyed by zone: once the browser's zone is known it becomes the default. */}
      <EventFields
        key={zone ?? "server"}
        idPrefix="new-event"
        state={state}
        defaults={{
          occurredAtLocal: "",
          timeZone: zone ?? "UTC",
          category: "detection",
          milestone: "",
          title: "",
          body: "",
          evidenceLinks: "",
        }}
      />
      <div className="flex items-center gap-4">
        <SubmitButton disabled={pending} className={primaryButton}>
          {pending ? "Adding…" : "Add event"}
        </SubmitButton>
        <FormStatus state={state} />
      </div>
    </form>
  );
}
