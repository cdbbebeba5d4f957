import Link from "next/link";
import { Field, inputClass, invalidProps, primaryButton, secondaryButton } from "@/components/timeline/form-field";

export type AuditLogFilterValues = { actor: string; action: string; target: string; from: string; to: string };

/**
 * The audit log's filters: a plain GET form, so a filtered view is a URL to
 * paste into a ticket (and the API takes the same query). Works without
 * JavaScript.
 */
export function AuditLogFilters({
  values,
  errors,
  actors,
  actions,
  clearHref,
  systemActor,
}: {
  values: AuditLogFilterValues;
  errors: Record<string, string>;
  actors: readonly string[];
  actions: readonly string[];
  clearHref: string;
  systemActor: string;
}) {
  const id = (name: string) => `audit-filter-${name}`;
  const field = (name: keyof AuditLogFilterValues, label: string, hint: string, placeholder: string, list?: string) => (
    <Field id={id(name)} label={label} hint={hint} error={errors[name]}>
      <input
        id={id(name)}
        name={name}
        defaultValue={values[name]}
        placeholder={placeholder}
        list={list}
        autoComplete="off"
        spellCheck={false}
        className={inputClass}
        {...invalidProps(id(name), errors[name])}
      />
    </Field>
  );
  return (
    <form method="get" role="search" aria-label="Filter the audit log" className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        {field(
          "actor",
          "Who",
          `A staff e-mail, or "${systemActor}" for Breachdesk's own entries`,
          "analyst@…",
          id("actors"),
        )}
        <datalist id={id("actors")}>
          <option value={systemActor}>Breachdesk itself</option>
          {actors.map((actor) => (
            <option key={actor} value={actor} />
          ))}
        </datalist>
        <Field id={id("action")} label="Action" error={errors.action}>
          <select
            id={id("action")}
            name="action"
            defaultValue={values.action}
            className={inputClass}
            {...invalidProps(id("action"), errors.action)}
          >
            <option value="">Any action</option>
            {actions.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </select>
        </Field>
        {field("target", "Target", "An account id (EX-0019717) or any target's id", "EX-0019717")}
        {field("from", "From (UTC)", "2019-11-07 or 2019-11-07T09:30", "2019-11-07")}
        {field("to", "To (UTC)", "A date takes in that whole day", "2019-11-08")}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <button type="submit" className={primaryButton}>
          Apply filters
        </button>
        <Link href={clearHref} className={secondaryButton}>
          Clear
        </Link>
      </div>
    </form>
  );
}
