"use client";

import { NOTICE_PLACEHOLDERS } from "@/lib/notify/placeholders";

export type NoticePlaceholder = keyof typeof NOTICE_PLACEHOLDERS;

/**
 * The notice's placeholders as buttons: one click puts `{{name}}` (or, for a
 * list, its {{#each}} block) where the cursor was, so a name is never typed
 * wrong. `target` names the field it goes into.
 */
export function PlaceholderPicker({ target, onInsert }: { target: string; onInsert: (name: NoticePlaceholder) => void }) {
  return (
    <div className="rounded-md bg-slate-50 p-3 text-xs text-slate-600">
      <p className="font-medium text-slate-700">
        Insert a placeholder <span className="font-normal text-slate-500">into {target}, at the cursor</span>
      </p>
      <ul className="mt-2 flex flex-wrap gap-1.5">
        {(Object.keys(NOTICE_PLACEHOLDERS) as NoticePlaceholder[]).map((name) => (
          <li key={name}>
            <button
              type="button"
              // Keep the field's cursor: the button must not take the focus before the click lands.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => onInsert(name)}
              title={NOTICE_PLACEHOLDERS[name]}
              aria-label={`Insert {{${name}}}: ${NOTICE_PLACEHOLDERS[name]}`}
              className="rounded bg-white px-1.5 py-0.5 font-mono text-slate-800 ring-1 ring-slate-300 hover:bg-brand-50 hover:ring-brand-300"
            >
              {`{{${name}}}`}
            </button>
          </li>
        ))}
      </ul>
      <p className="mt-2">No unsubscribe link: this notice is mandatory. Replies go to the configured reply-to address.</p>
    </div>
  );
}

/** What a placeholder inserts into a part: a list is looped over (as the part writes a list), a value inserted as it is. */
export function placeholderSnippet(name: NoticePlaceholder, part: "subject" | "textBody" | "htmlBody"): string {
  if (name !== "actions" && name !== "nextSteps") return `{{${name}}}`;
  if (part === "htmlBody") return `<ul>{{#each ${name}}}<li>{{this}}</li>{{/each}}</ul>`;
  if (part === "subject") return `{{#each ${name}}}{{this}} {{/each}}`;
  return `{{#each ${name}}}\n- {{this}}\n{{/each}}`;
}
