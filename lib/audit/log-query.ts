import { z } from "zod";

// The audit log's filters, as the Audit log page's URL and the API's query
// carry them. One schema for both, so a filtered page's query pasted into the
// API (or the export link) selects the same entries.

/** What the export writes: CSV with a header row, or one entry as JSON a line. */
export const AUDIT_EXPORT_FORMATS = ["csv", "jsonl"] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

/** The actor filter's value for entries Breachdesk wrote itself (workers, sweeps, the seed). */
export const SYSTEM_ACTOR = "system";

// "2026-12-05", "2026-12-05T21:30", "2026-12-05T21:30:15Z", "…+01:00": a time
// without an offset is UTC, as every time on screen is.
const TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

const TIME_MESSAGE = "not a date (2026-12-05) or a time (2026-12-05T21:30, UTC unless an offset is given)";

function parseTime(value: string, endOfDay: boolean): Date | null {
  const match = TIME.exec(value);
  if (!match) return null;
  const dateOnly = match[4] === undefined;
  const iso = dateOnly ? `${value}T00:00:00Z` : match[7] ? value : `${value}Z`;
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return null;
  // Dates are read back to check the day exists (2026-02-31 is refused, not rolled over).
  if (dateOnly && time.toISOString().slice(0, 10) !== value) return null;
  // "to 2026-12-05" takes in the whole of that day.
  return dateOnly && endOfDay ? new Date(time.getTime() + 86_400_000) : time;
}

const timeParam = (endOfDay: boolean, description: string) =>
  z
    .string()
    .max(40)
    .regex(TIME, TIME_MESSAGE)
    .transform((value, ctx) => {
      const time = parseTime(value, endOfDay);
      if (!time) {
        ctx.addIssue({ code: "custom", message: TIME_MESSAGE });
        return z.NEVER;
      }
      return time;
    })
    .optional()
    .meta({ description });

export const AuditLogFilterQuery = z.object({
  actor: z
    .string()
    .trim()
    .toLowerCase()
    .max(320)
    .optional()
    .meta({
      description: `The acting staff member's e-mail address (exact), or \`${SYSTEM_ACTOR}\` for Breachdesk's own entries.`,
    }),
  action: z
    .array(z.string().regex(/^[a-z0-9_.-]{1,100}$/, "not an action name (e.g. bulk_action.approved)"))
    .max(20)
    .default([])
    .meta({ description: "Exact action names; repeat for several: ?action=hold.placed&action=hold.released." }),
  target: z.string().trim().max(200).optional().meta({
    description:
      "What the entry is about: an exchange account id (EX-0019717) for the entries about that customer account, or the id of any other target (a bulk action's, an incident's, a staff member's).",
  }),
  from: timeParam(false, "Entries at or after this time (UTC unless an offset is given; a date means its start)."),
  to: timeParam(true, "Entries before this time (a date takes in that whole day)."),
});

export type AuditLogFilter = z.output<typeof AuditLogFilterQuery>;

// The cursor is the chain position of the last entry shown: newest first,
// the next page is everything below it. Entries appended meanwhile sit above
// it, so paging on never shows an entry twice or skips one.
const AuditLogCursor = z.coerce
  .number()
  .int("not a cursor")
  .positive("not a cursor")
  .max(2_147_483_647, "not a cursor");

export const AuditLogPageQuery = AuditLogFilterQuery.extend({
  after: AuditLogCursor.optional().meta({ description: "`page.next` of the previous page: entries older than it." }),
});

/** The filter as a URL query (the page's links, the export link): what the schema reads back. */
export function auditLogSearchParams(raw: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ["actor", "action", "target", "from", "to"] as const) {
    const value = raw[key];
    for (const one of Array.isArray(value) ? value : [value]) if (one) params.append(key, one);
  }
  return params;
}

/** One message per field, named the way the URL names it. */
export function auditLogQueryErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "query");
    fields[field] ??= issue.message;
  }
  return fields;
}
