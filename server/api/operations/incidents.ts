import { z } from "zod";
import { TIMELINE_MILESTONES } from "../../../lib/timeline/categories";
import { defineOperation } from "../operation";
import { named } from "../schemas/named";
import { NullableTime, SlugParams, Time } from "../schemas/common";

const IncidentStatus = z.enum(["open", "contained", "closed"]);

const IncidentListItem = named(
  "IncidentListItem",
  z.object({
    id: z.string(),
    slug: z.string(),
    title: z.string(),
    status: IncidentStatus,
    leakStartedAt: Time,
    awareAt: Time,
    leakedRecipients: z.number().int(),
    matchedAccounts: z.number().int(),
    openActions: z.number().int(),
  }),
);

export const IncidentStats = named(
  "IncidentStats",
  z.object({
    leakedRecipients: z.number().int(),
    uniqueAddresses: z.number().int(),
    matchedAccounts: z.number().int(),
    messages: z.number().int(),
    openActions: z.number().int(),
    completedActions: z.number().int(),
    activeHolds: z.number().int(),
    changedAfterT0: z.number().int(),
  }),
);

const IncidentDetail = named(
  "IncidentDetail",
  z.object({
    id: z.string(),
    slug: z.string(),
    title: z.string(),
    status: IncidentStatus,
    summary: z.string(),
    leakStartedAt: Time,
    awareAt: Time,
    stats: IncidentStats,
    milestones: z.record(z.enum(TIMELINE_MILESTONES), NullableTime).meta({
      description: "When each milestone of the timeline was reached (null: not yet).",
    }),
  }),
);

export const listIncidentsOperation = defineOperation({
  method: "GET",
  path: "/incidents",
  operationId: "listIncidents",
  tag: "Incidents",
  summary: "Incidents, newest first, with their summary numbers.",
  description: "A token bound to one incident is refused (403): the list is about every incident.",
  auth: { kind: "staff", permission: "incidents.read" },
  responses: { 200: { description: "The incidents.", schema: z.object({ incidents: z.array(IncidentListItem) }) } },
});

export const getIncidentOperation = defineOperation({
  method: "GET",
  path: "/incidents/{slug}",
  operationId: "getIncident",
  tag: "Incidents",
  summary: "One incident: its times, status and the numbers the overview shows.",
  auth: { kind: "staff", permission: "incidents.read" },
  params: SlugParams,
  responses: { 200: { description: "The incident.", schema: z.object({ incident: IncidentDetail }) } },
});
