"use client";

import { useRef, useState } from "react";
import type { FormAction } from "@/lib/action-result";
import { formatUtc } from "@/lib/format/dates";
import { Field, FormStatus, fieldError, inputClass, invalidProps, primaryButton } from "../timeline/form-field";
import { useFormAction } from "../ui/use-form-action";
import { SubmitButton } from "../ui/submit-button";

export type AccountNoteView = { id: string; body: string; ticketRef: string | null; author: string; createdAt: string };

/**
 * An account's notes, newest first, and the form to add one (what the
 * customer said, the ticket it belongs to). Each note is audited; none is
 * edited or removed, so the list is what was known when.
 */
export function AccountNotes({ notes, action }: { notes: AccountNoteView[]; action: FormAction }) {
  const form = useRef<HTMLFormElement>(null);
  // One key per note written: a double submit writes it once; a new note gets a new key.
  const [requestKey, setRequestKey] = useState(() => crypto.randomUUID());
  const [state, onSubmit, pending] = useFormAction(action, () => {
    form.current?.reset();
    setRequestKey(crypto.randomUUID());
  });
  return (
    <div className="space-y-4">
      <form method="post" ref={form} onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Add a note">
        <input type="hidden" name="requestKey" value={requestKey} />
        <Field id="note-body" label="Note" error={fieldError(state, "body")}>
          <textarea
            id="note-body"
            name="body"
            rows={3}
            maxLength={2000}
            placeholder="Called the customer: confirmed the new device is theirs."
            className={inputClass}
            {...invalidProps("note-body", fieldError(state, "body"))}
          />
        </Field>
        <div className="flex flex-wrap items-end gap-3">
          <Field id="note-ticket" label="Ticket reference (optional)" error={fieldError(state, "ticketRef")} className="min-w-0 flex-1">
            <input
              id="note-ticket"
              name="ticketRef"
              maxLength={64}
              placeholder="ZD-48213"
              autoComplete="off"
              className={`${inputClass} font-mono`}
              {...invalidProps("note-ticket", fieldError(state, "ticketRef"))}
            />
          </Field>
          <SubmitButton disabled={pending} className={primaryButton}>
            {pending ? "Adding…" : "Add note"}
          </SubmitButton>
        </div>
        <FormStatus state={state} />
      </form>
      {notes.length === 0 ? (
        <p className="text-sm text-slate-500">No notes yet.</p>
      ) : (
        <ol className="divide-y divide-slate-100 border-t border-slate-100" aria-label="Notes, newest first">
          {notes.map((note) => (
            <li key={note.id} className="py-2.5 text-sm">
              <p className="whitespace-pre-wrap break-words text-slate-800">{note.body}</p>
              <p className="mt-1 text-xs text-slate-500">
                {note.ticketRef ? (
                  <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 font-mono text-slate-700">{note.ticketRef}</span>
                ) : null}
                {formatUtc(note.createdAt)} · {note.author}
              </p>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
