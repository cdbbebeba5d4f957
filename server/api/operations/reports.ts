import { z } from "zod";
import { REMEDIATION_CHARTS } from "../../../lib/remediation-charts/tables";
import { TIMELINE_MILESTONES } from "../../../lib/timeline/categories";
import { defineOperation } from "../operation";
import { named } from "../schemas/named";
import { NullableTime, SlugParams, Time } from "../schemas/common";
import { IncidentStats } from "./incidents";
import { NoticeCampaignSummary } from "./notices";
import { Obligation, TimelineEvent } from "./timeline";

const Article33Summary = z.object({
  natureOfBreach: z.string(),
  dataCategories: z.string(),
  approxSubjects: z.number().int(),
  approxRecords: z.number().int(),
  likelyConsequences: z.string(),
  measuresTaken: z.string(),
});

const ChartTable = z.object({
  columns: z.array(z.string()),
  rows: z.array(z.array(z.union([z.string(), z.number()]))),
});

const IncidentReport = named(
  "IncidentReport",
  z.object({
    generatedAt: Time,
    incident: z.object({
      slug: z.string(),
      title: z.string(),
      status: z.string(),
      summary: z.string(),
      leakStartedAt: Time,
      awareAt: Time,
    }),
    stats: IncidentStats,
    milestones: z.array(z.object({ key: z.enum(TIMELINE_MILESTONES), label: z.string(), at: NullableTime })),
    durations: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        from: z.enum(TIMELINE_MILESTONES),
        to: z.enum(TIMELINE_MILESTONES),
        ms: z.number().nullable().meta({ description: "Null while the later milestone has not been reached." }),
      }),
    ),
    article33Deadline: Time,
    regulatorNotifiedAt: NullableTime,
    obligations: z.array(Obligation),
    article33: z.object({
      summary: Article33Summary,
      defaults: Article33Summary.meta({ description: "The draft written from the incident's data." }),
      edited: z.record(z.string(), z.boolean()).meta({ description: "Which fields an analyst wrote." }),
      updatedBy: z.string().nullable(),
      updatedAt: NullableTime,
    }),
    contacts: z
      .object({
        controllerName: z.string().nullable(),
        controllerContact: z.string().nullable(),
        dpoName: z.string().nullable(),
        dpoContact: z.string().nullable(),
      })
      .meta({
        description:
          "The controller and its data protection officer or other contact point (GDPR Art. 33(3)(b)); null where not set.",
      }),
    events: z.array(TimelineEvent),
    eventsTruncated: z
      .boolean()
      .meta({ description: "Past 5,000 events the report stops: read the timeline's pages or its CSV." }),
    auditHead: z
      .object({
        lastId: z.number().int(),
        hash: z.string(),
        mac: z.string().nullable().meta({ description: "HMAC-SHA256 of the head under the audit key." }),
      })
      .nullable()
      .meta({ description: "The audit chain's head when the report was made: keep it to pin the audit history." }),
    retention: z
      .object({
        closedAt: NullableTime,
        pseudonymiseAt: NullableTime,
        eraseAt: NullableTime,
        pseudonymisedAt: NullableTime,
        erasedAt: NullableTime,
      })
      .meta({ description: "When the incident closed, and the retention schedule its close set (null while open)." }),
    remediation: z.object({
      headline: z.record(z.string(), z.number()).meta({ description: "The remediation page's headline numbers." }),
      charts: z.partialRecord(z.enum(REMEDIATION_CHARTS), ChartTable).meta({
        description: "Each chart's numbers as its table (the CSV export's columns; empty buckets left out).",
      }),
    }),
    noticeCampaigns: z.array(NoticeCampaignSummary),
  }),
);

export const getIncidentReportOperation = defineOperation({
  method: "GET",
  path: "/incidents/{slug}/report",
  operationId: "getIncidentReport",
  tag: "Reports",
  summary:
    "What the incident report shows, as data: milestones and durations, the Article 33 summary, obligations, events, remediation and notices.",
  auth: { kind: "staff", permission: "reports.read" },
  params: SlugParams,
  responses: { 200: { description: "The report's data.", schema: z.object({ report: IncidentReport }) } },
});
