import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { instantFromForm } from "../app/(dashboard)/incidents/[slug]/timeline/form-data";
import { UploadQuery } from "../lib/imports/upload-query";
import { decodeCursor as decodeTimelineCursor } from "../lib/timeline/cursor";
import { parseTriageQuery, TRIAGE_SORTS } from "../lib/triage/filter";
import { TriageSelectionInput } from "../lib/triage/selection";
import { isStorableInstant } from "../lib/validation/storable";
import { isAppError } from "./errors";
import { CreateIncidentInput } from "./incidents/create-incident";
import { ChangeStaffRoleInput } from "./staff/change-staff-role";
import { CreateStaffUserInput } from "./staff/create-staff-user";
import { ApiTimelineEventBody } from "./timeline/api/api-timeline-event-body";
import { CreateApiTokenInput } from "./timeline/api-tokens/create-api-token";
import { RevokeApiTokenInput } from "./timeline/api-tokens/revoke-api-token";
import { EditTimelineEventInput } from "./timeline/edit-timeline-event";
import { AddObligationInput } from "./timeline/obligations/add-obligation";
import { MarkObligationMetInput } from "./timeline/obligations/mark-obligation-met";
import { RecordTimelineEventInput } from "./timeline/record-timeline-event";
import { UpdateReportDetailsInput } from "./timeline/report/update-report-details";
import { RetractTimelineEventInput } from "./timeline/retract-timeline-event";

const PROPERTY_TIMEOUT_MS = 60_000;

// Every input schema reachable from the network (route handlers'
// bodies and queries, server actions' arguments, the triage URL), fed
// thousands of hostile inputs each (fixed seed: test/fast-check-seed.ts).
// None may throw (a 500), and none may accept a value the database then
// refuses (a 500 one step later): text with a NUL, an instant outside the
// years 1 to 9999, a number that is not finite.

const UUID = "3f1c2a4e-8b7d-4c1a-9e2f-0a1b2c3d4e5f";

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "title\u0000",
    "\uD800",
    "0000-01-01T00:00:00Z",
    "0001-01-01T00:30:00+01:00",
    "9999-12-31T23:59:59-05:00",
    "-000001-01-01T00:00:00Z",
    "+275760-09-13T00:00:00Z",
    "2019-02-30T10:00:00Z",
    "NaN",
    "1e400",
    "javascript:alert(1)",
    "http://x/\u0000",
    "https://example.com/a",
    "__proto__",
    "x".repeat(5000),
  ),
);
const hostile = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, NaN, Infinity, -1, 0, 1e309, 2 ** 53, true, [], {}) },
  { weight: 1, arbitrary: fc.date() },
);

/** A valid input with some of its fields replaced by hostile values (or extra keys added). */
function mutated(valid: Record<string, unknown>) {
  const keys = Object.keys(valid);
  return fc
    .tuple(
      fc.subarray(keys),
      fc.array(hostile, { minLength: keys.length, maxLength: keys.length }),
      fc.option(fc.tuple(hostileString, hostile)),
    )
    .map(([replaced, values, extra]) => {
      const input: Record<string, unknown> = { ...valid };
      replaced.forEach((key, i) => {
        input[key] = values[i];
      });
      if (extra) input[extra[0]] = extra[1];
      return input;
    });
}

function assertStorable(value: unknown, path = "value"): void {
  if (typeof value === "string") expect(value.includes("\u0000"), `${path} holds a NUL`).toBe(false);
  else if (typeof value === "number") expect(Number.isFinite(value), `${path} is not finite`).toBe(true);
  else if (value instanceof Date) expect(isStorableInstant(value), `${path} = ${String(value)}`).toBe(true);
  else if (Array.isArray(value)) value.forEach((item, i) => assertStorable(item, `${path}[${i}]`));
  else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) assertStorable(item, `${path}.${key}`);
  }
}

const SCHEMAS: [string, z.ZodType, Record<string, unknown>][] = [
  [
    "ApiTimelineEventBody (POST /api/v1/incidents/<slug>/timeline)",
    ApiTimelineEventBody,
    {
      occurredAt: "2019-11-07T10:15:00+01:00",
      timeZone: "Europe/Berlin",
      category: "detection",
      milestone: null,
      title: "SIEM alert",
      body: "text",
      evidenceLinks: ["https://siem.example.com/a/1"],
      externalId: "siem-1",
    },
  ],
  [
    "RecordTimelineEventInput",
    RecordTimelineEventInput,
    {
      incidentId: UUID,
      occurredAt: "2019-11-07T10:15:00Z",
      timeZone: "UTC",
      category: "containment",
      milestone: null,
      source: "manual",
      title: "Blocked",
      body: "",
      evidenceLinks: [],
      externalId: null,
    },
  ],
  [
    "EditTimelineEventInput",
    EditTimelineEventInput,
    {
      incidentId: UUID,
      eventId: UUID,
      expectedVersion: 1,
      occurredAt: "2019-11-07T10:15:00Z",
      timeZone: "UTC",
      category: "containment",
      milestone: null,
      title: "Blocked",
      body: "",
      evidenceLinks: [],
      changeNote: "typo",
    },
  ],
  ["RetractTimelineEventInput", RetractTimelineEventInput, { incidentId: UUID, eventId: UUID, reason: "wrong" }],
  [
    "CreateIncidentInput",
    CreateIncidentInput,
    {
      slug: "leak-1",
      title: "Leak",
      summary: "",
      awareAt: "2019-11-07T09:12:00Z",
      leakStartedAt: "2019-11-07T08:00:00Z",
    },
  ],
  [
    "CreateStaffUserInput",
    CreateStaffUserInput,
    { email: "new@breachdesk.test", name: "New", role: "manager", password: "a-long-password-1" },
  ],
  ["ChangeStaffRoleInput", ChangeStaffRoleInput, { userId: UUID, role: "manager" }],
  [
    "UpdateReportDetailsInput",
    UpdateReportDetailsInput,
    {
      incidentId: UUID,
      natureOfBreach: "x",
      dataCategories: "y",
      approxSubjects: "10",
      approxRecords: 20,
      likelyConsequences: "",
      measuresTaken: null,
    },
  ],
  [
    "AddObligationInput",
    AddObligationInput,
    { incidentId: UUID, title: "Notify CA", authority: "AG", dueAt: null, dueInDays: 30, metByMilestone: null },
  ],
  [
    "MarkObligationMetInput",
    MarkObligationMetInput,
    { incidentId: UUID, obligationId: UUID, metAt: "2019-11-08T00:00:00Z", note: "" },
  ],
  ["CreateApiTokenInput", CreateApiTokenInput, { name: "SIEM", incidentId: null, scopes: ["timeline.write"] }],
  ["RevokeApiTokenInput", RevokeApiTokenInput, { tokenId: UUID }],
  [
    "UploadQuery (POST /api/v1/incidents/<slug>/imports)",
    UploadQuery,
    { kind: "recipients", fileName: "list.csv", column: "email" },
  ],
  [
    "TriageSelectionInput (bulk selection preview)",
    TriageSelectionInput,
    { allMatching: true, query: "tier=critical" },
  ],
];

describe("input schemas under hostile input", () => {
  it.each(SCHEMAS)("%s: accepts the valid example", (_name, schema, valid) => {
    const parsed = schema.safeParse(valid);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it.each(SCHEMAS)(
    "%s: never throws, never accepts what the database refuses",
    (_name, schema, valid) => {
      fc.assert(
        fc.property(
          fc.oneof({ weight: 5, arbitrary: mutated(valid) }, { weight: 1, arbitrary: fc.anything() }),
          (input) => {
            const parsed = schema.safeParse(input);
            if (parsed.success) assertStorable(parsed.data);
          },
        ),
        { numRuns: 2000 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "the triage URL: never throws; what it accepts is in range, and a masked viewer gets no address sort or search",
    () => {
      const param = fc.oneof(hostileString, fc.array(hostileString, { maxLength: 3 }), fc.constant(undefined));
      const keys = [
        "matched",
        "tier",
        "twoFactor",
        "balance",
        "country",
        "events",
        "action",
        "group",
        "q",
        "rule",
        "sort",
        "after",
        "size",
      ];
      const query = fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 8 })), param, {
        maxKeys: 8,
      });
      const known = fc.record({
        sort: fc.constantFrom(...TRIAGE_SORTS, "name"),
        q: fc.oneof(hostileString, fc.emailAddress()),
        after: fc.oneof(
          hostileString,
          fc.integer({ min: -5, max: 2 ** 33 }).map((n) => Math.abs(n).toString(36)),
        ),
        size: fc.oneof(hostileString, fc.integer().map(String)),
      });
      fc.assert(
        fc.property(fc.oneof(query, known), fc.boolean(), (params, unmasked) => {
          const { filter, page } = parseTriageQuery(params, { unmasked });
          if (page.success) {
            expect(page.data.size).toBeGreaterThanOrEqual(10);
            expect(page.data.size).toBeLessThanOrEqual(200);
            if (!unmasked) expect(page.data.sort).not.toBe("email");
            // What a cursor may hold is tested with its sealing (server/triage/triage-cursor.test.ts).
            if (page.data.after !== undefined) expect(page.data.after.length).toBeLessThanOrEqual(1000);
          }
          if (filter.success) {
            assertStorable(filter.data);
            if (!unmasked && filter.data.q !== undefined) expect(filter.data.q).not.toContain("@");
            if (filter.data.group !== undefined) expect(Number.isSafeInteger(filter.data.group)).toBe(true);
          }
        }),
        { numRuns: 5000 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "timeline cursors and form times: never throw, and every instant read is storable",
    () => {
      fc.assert(
        fc.property(hostileString, hostileString, (text, zone) => {
          const cursor = decodeTimelineCursor(text);
          if (cursor !== null) expect(isStorableInstant(cursor.occurredAt)).toBe(true);
          const form = new FormData();
          form.set("occurredAtLocal", text);
          form.set("timeZone", zone);
          try {
            const { at } = instantFromForm(form, "occurredAtLocal", "occurredAt");
            expect(Number.isNaN(at.getTime())).toBe(false);
          } catch (error) {
            expect(isAppError(error) && error.code === "VALIDATION").toBe(true);
          }
        }),
        { numRuns: 3000 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
