import { z } from "zod";
import { UploadQuery } from "../../../lib/imports/upload-query";
import { defineOperation } from "../operation";
import { named } from "../schemas/named";
import { NullableTime, SlugParams, Time, uuidParam } from "../schemas/common";

const ImportJob = named(
  "ImportJob",
  z.object({
    id: z.string(),
    kind: z.string(),
    status: z.string(),
    phase: z.string(),
    fileName: z.string(),
    bytesTotal: z.number().int().nullable(),
    bytesRead: z.number().int(),
    rows: z.number().int(),
    imported: z.number().int(),
    duplicates: z.number().int(),
    rejected: z.number().int(),
    blankLines: z.number().int(),
    matched: z.number().int().nullable(),
    unmatched: z.number().int().nullable(),
    error: z.string().nullable(),
    startedAt: Time,
    finishedAt: NullableTime,
    startedBy: z.string().nullable(),
  }),
);

const ImportParams = z.object({ importId: uuidParam("No such import.") });

export const getImportOperation = defineOperation({
  method: "GET",
  path: "/imports/{importId}",
  operationId: "getImport",
  tag: "Imports",
  summary: "Progress and counts of one import (what the upload form polls).",
  auth: { kind: "staff", permission: "recipients.import" },
  params: ImportParams,
  responses: { 200: { description: "The import as it is now.", schema: ImportJob } },
});

export const exportImportRejectsOperation = defineOperation({
  method: "GET",
  path: "/imports/{importId}/rejects",
  operationId: "exportImportRejects",
  tag: "Imports",
  summary: "The rejected rows of an import as CSV (line, reason, raw), streamed.",
  auth: { kind: "staff", permission: "recipients.import" },
  params: ImportParams,
  responses: { 200: { description: "CSV: line, reason, raw.", csv: true } },
});

export const listImportsOperation = defineOperation({
  method: "GET",
  path: "/incidents/{slug}/imports",
  operationId: "listImports",
  tag: "Imports",
  summary:
    "The incident's recent imports (and the customer directory's), newest first, as the Imports page lists them.",
  auth: { kind: "staff", permission: "recipients.import" },
  params: SlugParams,
  query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
  responses: { 200: { description: "The imports.", schema: z.object({ imports: z.array(ImportJob) }) } },
});

const ImportSummary = named(
  "ImportSummary",
  z.looseObject({
    importId: z.string(),
    kind: z.string(),
    rows: z.number().int(),
    imported: z.number().int(),
    duplicates: z.number().int(),
    rejected: z.number().int(),
    blankLines: z.number().int(),
    matched: z.number().int().optional(),
    unmatched: z.number().int().optional(),
    updated: z.number().int().optional().meta({ description: "Accounts: existing accounts whose details changed." }),
    ms: z.number(),
    phases: z.record(z.string(), z.number()).meta({ description: "Milliseconds spent in each phase." }),
  }),
);

export const uploadImportOperation = defineOperation({
  method: "POST",
  path: "/incidents/{slug}/imports",
  operationId: "uploadImport",
  tag: "Imports",
  summary:
    "Uploads a file to import: the body is the file, the query names its kind. Answers when the import has finished.",
  description:
    "A retry is safe when the client chooses the import's id (`importId`): a second upload with the same id is refused (409), never imported twice. " +
    "Large files are streamed; the size limit is BREACHDESK_MAX_UPLOAD_BYTES (413 past it).",
  auth: { kind: "staff", permission: "recipients.import" },
  params: SlugParams,
  query: UploadQuery,
  fileBody: {
    contentTypes: ["text/csv", "application/octet-stream"],
    description: "The file (CSV, or .eml/.mbox for messages).",
  },
  retry: "import-id",
  responses: { 201: { description: "Imported: the counts.", schema: ImportSummary } },
  errors: { 409: "An import with this importId exists already.", 413: "The file is larger than the configured limit." },
});
