"use client";

import type { ActionResult } from "@/lib/action-result";
import { CATEGORY_LABELS, MILESTONE_LABELS, TIMELINE_CATEGORIES, TIMELINE_MILESTONES } from "@/lib/timeline/categories";
import { Field, fieldError, inputClass, invalidProps } from "./form-field";
import { TimeZoneOptions } from "./time-zone-options";

export type EventFieldValues = {
  occurredAtLocal: string;
  timeZone: string;
  category: string;
  milestone: string;
  title: string;
  body: string;
  evidenceLinks: string;
};

// Errors about one link arrive as "evidenceLinks.2".
function evidenceError(state: ActionResult | null): string | undefined {
  if (state?.ok !== false || !state.fieldErrors) return undefined;
  const key = Object.keys(state.fieldErrors).find((k) => k === "evidenceLinks" || k.startsWith("evidenceLinks."));
  return key ? state.fieldErrors[key] : undefined;
}

/** The fields an event is made of, shared by the add and edit forms. */
export function EventFields({
  idPrefix,
  state,
  defaults,
}: {
  idPrefix: string;
  state: ActionResult | null;
  defaults: EventFieldValues;
}) {
  const id = (name: string) => `${idPrefix}-${name}`;
  const error = (name: string) => fieldError(state, name);
  return (
    <div className="grid gap-4 sm:grid-cols-6">
      <Field id={id("occurredAt")} label="Happened at" error={error("occurredAt")} className="sm:col-span-2">
        <input
          id={id("occurredAt")}
          name="occurredAtLocal"
          type="datetime-local"
          step={60}
          required
          defaultValue={defaults.occurredAtLocal}
          className={inputClass}
          {...invalidProps(id("occurredAt"), error("occurredAt"))}
        />
      </Field>
      <Field id={id("timeZone")} label="Time zone" error={error("timeZone")} className="sm:col-span-2">
        <input
          id={id("timeZone")}
          name="timeZone"
          list={id("zones")}
          required
          defaultValue={defaults.timeZone}
          autoComplete="off"
          spellCheck={false}
          className={inputClass}
          {...invalidProps(id("timeZone"), error("timeZone"))}
        />
        <TimeZoneOptions id={id("zones")} />
      </Field>
      <Field id={id("category")} label="Category" error={error("category")} className="sm:col-span-1">
        <select id={id("category")} name="category" defaultValue={defaults.category} className={inputClass}>
          {TIMELINE_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {CATEGORY_LABELS[c]}
            </option>
          ))}
        </select>
      </Field>
      <Field id={id("milestone")} label="Milestone" error={error("milestone")} className="sm:col-span-1">
        <select id={id("milestone")} name="milestone" defaultValue={defaults.milestone} className={inputClass}>
          <option value="">None</option>
          {TIMELINE_MILESTONES.filter((m) => m !== "leak_started" && m !== "aware").map((m) => (
            <option key={m} value={m}>
              {MILESTONE_LABELS[m]}
            </option>
          ))}
        </select>
      </Field>
      <Field id={id("title")} label="What happened" error={error("title")} className="sm:col-span-6">
        <input
          id={id("title")}
          name="title"
          required
          maxLength={300}
          defaultValue={defaults.title}
          className={inputClass}
          {...invalidProps(id("title"), error("title"))}
        />
      </Field>
      <Field id={id("body")} label="Details" error={error("body")} className="sm:col-span-6">
        <textarea id={id("body")} name="body" rows={3} defaultValue={defaults.body} className={inputClass} />
      </Field>
      <Field
        id={id("evidenceLinks")}
        label="Evidence links"
        hint="One http(s) link per line: tickets, logs, screenshots."
        error={evidenceError(state)}
        className="sm:col-span-6"
      >
        <textarea
          id={id("evidenceLinks")}
          name="evidenceLinks"
          rows={2}
          defaultValue={defaults.evidenceLinks}
          className={`${inputClass} font-mono text-xs`}
          spellCheck={false}
        />
      </Field>
    </div>
  );
}
