"use server";

import { z } from "zod";
import { defineAction, formText } from "@/server/action";
import { approveIncidentClose, rejectIncidentClose } from "@/server/closing/decide-close";
import { reopenIncident } from "@/server/closing/reopen-incident";
import { requestIncidentClose } from "@/server/closing/request-close";
import { retentionDefaults } from "@/server/closing/retention-defaults";
import { startForgetRun } from "@/server/forget/start-forget-run";

const IncidentScope = z.object({ slug: z.string().max(64) });
const RequestScope = IncidentScope.extend({ id: z.uuid() });
const NO_INCIDENT = "No such incident.";
const NO_REQUEST = "No such close request.";

/** The form's fields; a call without a form (not from the page) reads as empty, which the schemas refuse. */
const formOf = (form: unknown) => (form instanceof FormData ? form : new FormData());

/** The incident's pages that show its state (the layout's banner: everything under it). */
const revalidate = ({ incident }: { incident: { slug: string } }) => [
  { path: `/incidents/${encodeURIComponent(incident.slug)}`, type: "layout" as const },
  "/approvals",
];

export const requestIncidentCloseAction = defineAction({
  permission: "incidents.close",
  args: (_previous: unknown, raw: FormData) => {
    const form = formOf(raw);
    return {
      scope: { slug: formText(form, "slug") },
      input: {
        retention: { pseudonymiseDays: formText(form, "pseudonymiseDays"), eraseDays: formText(form, "eraseDays") },
        reason: formText(form, "reason"),
        requestKey: formText(form, "requestKey"),
      },
    };
  },
  scope: IncidentScope,
  notFound: NO_INCIDENT,
  // The schedule's rules are requestIncidentClose's (RetentionInput): here it is text, as the form sends it.
  input: z.object({
    retention: z.object({ pseudonymiseDays: z.string(), eraseDays: z.string() }),
    reason: z.string(),
    requestKey: z.string().max(200),
  }),
  run: async ({ db, incident, input, actor }) => {
    // A field left empty takes the configured default rather than zero days.
    const defaults = retentionDefaults();
    const retention = {
      pseudonymiseDays: input.retention.pseudonymiseDays.trim() || defaults.pseudonymiseDays,
      eraseDays: input.retention.eraseDays.trim() || defaults.eraseDays,
    };
    await requestIncidentClose(db, incident.id, { retention, reason: input.reason }, actor, {
      requestKey: input.requestKey || undefined,
    });
    return { ok: true as const, message: "Close requested: a second person with the close permission must approve it." };
  },
  revalidate,
});

export const approveIncidentCloseAction = defineAction({
  permission: "incidents.close",
  args: (slug: unknown, id: unknown, note: unknown, secondFactorCode?: unknown) => ({
    scope: { slug, id },
    input: { note: note ?? undefined, secondFactorCode: secondFactorCode ?? undefined },
  }),
  scope: RequestScope,
  notFound: NO_REQUEST,
  input: z.object({ note: z.string().max(1000).optional(), secondFactorCode: z.string().max(64).optional() }),
  // A recent second factor, checked by the four-eyes flow after its own checks.
  stepUp: "by-data-function",
  run: async ({ db, incident, scope, input, actor, stepUp }) => {
    await approveIncidentClose(db, scope.id, actor, {
      incidentId: incident.id,
      note: input.note?.trim() ? input.note : undefined,
      stepUp,
    });
    return { ok: true as const, message: "Approved: the incident is closed and read-only." };
  },
  revalidate,
});

export const rejectIncidentCloseAction = defineAction({
  permission: "incidents.close",
  args: (slug: unknown, id: unknown, reason: unknown) => ({ scope: { slug, id }, input: reason }),
  scope: RequestScope,
  notFound: NO_REQUEST,
  // The reason's rules are rejectIncidentClose's own.
  input: z.unknown().transform((reason) => (typeof reason === "string" ? reason : "")),
  run: async ({ db, incident, scope, input: reason, actor }) => {
    await rejectIncidentClose(db, scope.id, actor, reason, { incidentId: incident.id });
    return { ok: true as const, message: "Rejected: the incident stays open." };
  },
  revalidate,
});

export const reopenIncidentAction = defineAction({
  permission: "incidents.close",
  // Reopening is what a closed incident allows.
  closedIncident: "allowed",
  args: (_previous: unknown, raw: FormData) => ({
    scope: { slug: formText(formOf(raw), "slug") },
    input: { reason: formText(formOf(raw), "reason") },
  }),
  scope: IncidentScope,
  notFound: NO_INCIDENT,
  input: z.object({ reason: z.string() }),
  run: async ({ db, incident, input, actor }) => {
    await reopenIncident(db, incident.id, input, actor);
    return { ok: true as const, message: "Reopened: the incident can be changed again." };
  },
  revalidate,
});

const FORGET_STARTED = {
  pseudonymise: "Pseudonymisation started: a worker replaces the addresses now; the banner shows how far it has got.",
  erase: "Erasure started: a worker removes the pseudonymised rows now; the banner shows how far it has got.",
} as const;

/**
 * A step of forgetting now rather than at its date, as `breachdesk incident
 * forget --step` does: the close was already approved by two people with its
 * schedule, so this brings a decided step forward under one admin with a
 * recent second factor. Once per incident and step: a second click finds the
 * first run and records nothing new.
 */
export const startForgetStepAction = defineAction({
  permission: "incidents.forget",
  // Forgetting is what a closed incident is for; startForgetRun refuses an open one.
  closedIncident: "allowed",
  args: (slug: unknown, step: unknown, secondFactorCode?: unknown) => ({
    scope: { slug },
    input: { step, secondFactorCode: secondFactorCode ?? undefined },
  }),
  scope: IncidentScope,
  notFound: NO_INCIDENT,
  input: z.object({
    step: z.enum(["pseudonymise", "erase"], { error: "The step is pseudonymise or erase." }),
    secondFactorCode: z.string().max(64).optional(),
  }),
  stepUp: "before-run",
  run: async ({ db, incident, input, actor }) => {
    const run = await startForgetRun(db, { slug: incident.slug, step: input.step }, actor);
    return {
      ok: true as const,
      message: run.created ? FORGET_STARTED[input.step] : "Already started: nothing new was done.",
    };
  },
  revalidate,
});
