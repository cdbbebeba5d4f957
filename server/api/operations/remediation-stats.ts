import { z } from "zod";
import { REMEDIATION_CHARTS } from "../../../lib/remediation-charts/tables";
import { defineOperation } from "../operation";
import { SlugParams } from "../schemas/common";

export const getRemediationVersionOperation = defineOperation({
  method: "GET",
  path: "/incidents/{slug}/remediation/version",
  operationId: "getRemediationVersion",
  tag: "Reports",
  summary: "A cheap fingerprint of the remediation page's numbers: poll it, and re-read when it changes.",
  auth: { kind: "staff", permission: "incidents.read" },
  params: SlugParams,
  responses: {
    200: {
      description: "The version and how many bulk actions are running.",
      schema: z.object({ version: z.string(), running: z.number().int() }),
    },
  },
});

export const exportRemediationChartOperation = defineOperation({
  method: "GET",
  path: "/incidents/{slug}/remediation/export",
  operationId: "exportRemediationChart",
  tag: "Reports",
  summary: "One remediation chart's numbers as CSV (aggregates only).",
  auth: { kind: "staff", permission: "incidents.read" },
  params: SlugParams,
  query: z.object({ chart: z.enum(REMEDIATION_CHARTS) }),
  responses: { 200: { description: "CSV with a header row.", csv: true } },
});
