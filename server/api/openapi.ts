import { ROLES, ROLE_PERMISSIONS, type Role } from "../../lib/auth/permissions";
import { openApiSchema } from "../../lib/openapi/json-schema";
import type { z } from "zod";
import { ApiErrorBody } from "./error-body";
import { namedSchemas } from "./schemas/named";
import { DEFAULT_MAX_BODY_BYTES, type Operation } from "./operation";
import { OPERATIONS } from "./registry";
import { EVENT_LABELS, EVENT_TYPES, eventEnvelopeSchema } from "../../lib/events/event-types";

// The OpenAPI 3.1 document of /api/v1, built from the operations' own
// definitions (server/api/operations), which the route handlers are built
// from too: the document cannot drift from what the handlers parse and
// answer. Served at /api/v1/openapi.json and rendered at /api-reference.

export const API_VERSION = "1.0.0";

/** What each group of operations is for (the reference's section headings); an operation with a tag not here fails the build. */
const TAG_DESCRIPTIONS: Record<string, string> = {
  Incidents: "Incidents, with their times, status and summary numbers.",
  Imports: "Imports of the leaked-recipient list: their progress, counts and rejected rows.",
  "Exposed accounts": "The accounts the leak exposed (the triage results): filtered, sorted, paged or exported.",
  "Single actions": "Act on one account through the exchange: force a password reset, hold or release withdrawals.",
  "Bulk actions": "Act on many accounts at once: the dry run, the request, the four-eyes approval, the status.",
  "Customer notices": "Notice campaigns to the exposed customers: request, four-eyes approval, status, stop.",
  Closing:
    "Closing an incident: the checklist, the four-eyes close request with its retention schedule, reopening. A closed incident is read-only (409 INCIDENT_CLOSED).",
  Timeline: "The incident's timeline: read it, export it, and record events from external systems.",
  Reports: "The numbers behind the remediation page and its charts (aggregates only).",
  Audit: "The state of the hash-chained audit log.",
  Staff: "Staff users: role, whether active, last sign-in, second factor.",
  Integrations:
    "Where outgoing events go (chat, signed webhooks, e-mail to approvers), their delivery log; the events themselves are under `webhooks`.",
  Reference: "This document, as OpenAPI 3.1.",
  "Exchange webhooks": "What the exchange reports back (signed with the shared secret; see docs/provider-api.md).",
};

function tagDescription(name: string): string {
  const description = TAG_DESCRIPTIONS[name];
  if (!description) throw new Error(`The tag ${name} has no description in server/api/openapi.ts.`);
  return description;
}

type JsonSchema = Record<string, unknown>;

/** Breachdesk is not published under an open licence (package.json: private); an SPDX reference says so. */
const LICENSE = { name: "Proprietary", identifier: "LicenseRef-Breachdesk-Proprietary" };

/**
 * Converts the operations' zod schemas, moving named ones (server/api/schemas/named.ts)
 * to components/schemas: zod puts them under each schema's own `$defs`, whose
 * `#/$defs/…` references would not resolve from the document's root.
 */
class SchemaCollector {
  readonly components: Record<string, JsonSchema> = {};

  convert(type: z.ZodType, io: "input" | "output"): JsonSchema {
    const json = openApiSchema(type, io, { named: io === "output" ? namedSchemas : undefined, compactFormats: true });
    const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
    delete json.$defs;
    for (const [name, def] of Object.entries(defs)) {
      const moved = rewriteRefs(def) as JsonSchema;
      const known = this.components[name];
      if (known && JSON.stringify(known) !== JSON.stringify(moved)) {
        throw new Error(`Two different schemas are named ${name}.`);
      }
      this.components[name] = moved;
    }
    return rewriteRefs(json) as JsonSchema;
  }
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) =>
      key === "$ref" && typeof inner === "string"
        ? [key, inner.replace(/^#\/\$defs\//, "#/components/schemas/")]
        : [key, rewriteRefs(inner)],
    ),
  );
}

/** The roles whose permission table allows the operation; every role for the operations that authenticate themselves. */
function rolesAllowed(operation: Operation): Role[] {
  const { auth } = operation;
  if (auth.kind !== "staff") return [];
  return ROLES.filter((role) => ROLE_PERMISSIONS[role].includes(auth.permission));
}

const errorRef = { $ref: "#/components/schemas/Error" };
const errorResponse = (description: string, headers?: Record<string, unknown>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { "application/json": { schema: errorRef } },
});

const RETRY_TEXT: Record<NonNullable<Operation["retry"]>, string> = {
  "idempotency-key":
    "Send an `Idempotency-Key` header: a retry with the same key and body gets the first answer again (`Idempotent-Replayed: true`), never a second effect.",
  "no-side-effect": "Writes nothing: safe to repeat without a key.",
  "import-id":
    "Choose the import's id (`importId`): a retried upload with the same id is refused (409), never imported twice.",
  "event-id": "Deduplicated by the events' ids: a redelivery is counted, not applied again.",
};

function parameters(operation: Operation, schemas: SchemaCollector): JsonSchema[] {
  const list: JsonSchema[] = [];
  const add = (where: "path" | "query", schema: JsonSchema) => {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((schema.required ?? []) as string[]);
    for (const [name, property] of Object.entries(properties)) {
      const { description, ...rest } = property;
      list.push({
        name,
        in: where,
        required: where === "path" || required.has(name),
        ...(typeof description === "string" ? { description } : {}),
        schema: rest,
        ...(rest.type === "array" ? { style: "form", explode: true } : {}),
      });
    }
  };
  if (operation.params) add("path", schemas.convert(operation.params, "input"));
  if (operation.query) add("query", schemas.convert(operation.query, "input"));
  if (operation.retry === "idempotency-key") list.push({ $ref: "#/components/parameters/IdempotencyKey" });
  return list;
}

function requestBody(operation: Operation, schemas: SchemaCollector): JsonSchema | undefined {
  if (operation.fileBody) {
    return {
      required: true,
      description: operation.fileBody.description,
      content: Object.fromEntries(
        operation.fileBody.contentTypes.map((type) => [type, { schema: { type: "string", contentMediaType: type } }]),
      ),
    };
  }
  if (!operation.body) return undefined;
  // An empty body is accepted where the schema accepts {} (it is read as {}).
  const required = !operation.body.safeParse({}).success;
  const limit = operation.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const content: Record<string, unknown> = {
    "application/json": { schema: schemas.convert(operation.body, "input") },
  };
  const upload = operation.listUpload;
  if (upload) {
    content["multipart/form-data"] = {
      schema: {
        type: "object",
        required: [upload.field],
        properties: {
          request: {
            type: "string",
            contentMediaType: "application/json",
            description: `The JSON body above, without \`${upload.field}\`.`,
          },
          [upload.field]: { type: "string", contentMediaType: "text/csv", description: upload.description },
        },
      },
      encoding: {
        request: { contentType: "application/json" },
        [upload.field]: { contentType: "text/csv, text/plain" },
      },
    };
  }
  const limits = upload
    ? `At most ${limit} bytes as JSON; as multipart/form-data (the list uploaded as a file), at most ${upload.maxBytes} bytes.`
    : `At most ${limit} bytes.`;
  return { required, description: limits, content };
}

function responses(operation: Operation, schemas: SchemaCollector): JsonSchema {
  const out: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(operation.responses)) {
    const headers = spec.headers
      ? Object.fromEntries(
          Object.entries(spec.headers).map(([name, description]) => [
            name,
            { description, schema: { type: "string" } },
          ]),
        )
      : undefined;
    out[status] = {
      description: spec.description,
      ...(headers ? { headers } : {}),
      ...(spec.csv || spec.jsonLines || spec.zip
        ? {
            content: {
              ...(spec.csv ? { "text/csv": { schema: { type: "string" } } } : {}),
              ...(spec.jsonLines ? { "application/jsonl": { schema: { type: "string" } } } : {}),
              ...(spec.zip
                ? { "application/zip": { schema: { type: "string", contentMediaType: "application/zip" } } }
                : {}),
            },
          }
        : spec.schema
          ? { content: { "application/json": { schema: schemas.convert(spec.schema, "output") } } }
          : {}),
    };
  }
  const { auth } = operation;
  if (auth.kind === "staff") {
    out["401"] = errorResponse(
      "No session and no token, or an unknown, expired or revoked token, or one whose creator is deactivated.",
    );
    out["403"] = errorResponse(
      `The caller's role lacks \`${auth.permission}\` (roles with it: ${rolesAllowed(operation).join(", ")}; ` +
        "a token needs it under both its own role and its creator's current role), " +
        "or the token is bound to another incident." +
        (operation.operationId === "approveBulkAction"
          ? " Also: the caller's own request (four eyes), an API token (a person approves, with a second factor), or STEP_UP_REQUIRED (the session's second factor is not recent)."
          : ""),
    );
    out["422"] = errorResponse("The request is not valid: `fields` names each field and what is wrong.");
    out["429"] = errorResponse("Too many requests with this token: retry after Retry-After seconds.", {
      "Retry-After": { description: "Seconds to wait.", schema: { type: "string" } },
    });
  } else if (auth.kind === "timelineToken") {
    out["401"] = errorResponse(
      "Not a timeline token (a role token or a session is not one), or an unknown, expired or revoked one, or one whose creator is deactivated.",
    );
    out["403"] = errorResponse(
      "The token may not write this incident's timeline (a role token never may; its creator's current role must allow " +
        "timeline.write), or sets a milestone without the timeline.milestones scope.",
    );
    out["422"] = errorResponse(
      "The event is not valid (`fields` names each field), or the Idempotency-Key was used for a different event.",
    );
    out["429"] = errorResponse("Too many requests with this token: retry after Retry-After seconds.", {
      "Retry-After": { description: "Seconds to wait.", schema: { type: "string" } },
    });
  } else {
    out["401"] = errorResponse("Unsigned, wrongly signed, outside the time window, or replayed.");
  }
  if (operation.params)
    out["404"] = errorResponse(
      "The URL names nothing (no such incident, account, bulk action…), or nothing the caller may see.",
    );
  if (auth.kind === "staff" && operation.method === "POST") {
    out["413"] = errorResponse(
      "PAYLOAD_TOO_LARGE: the body is over the operation's limit (refused from Content-Length before it is read, or as soon as a body without one passes it).",
    );
  }
  if (operation.retry === "idempotency-key" && auth.kind === "staff") {
    out["409"] = errorResponse(
      "IDEMPOTENCY_KEY_IN_USE: the first request with this key is still running; retry in a moment.",
    );
  }
  if (writesToIncident(operation)) {
    const closed = "INCIDENT_CLOSED: the incident is closed and read-only until someone reopens it.";
    const common = out["409"] as { description: string } | undefined;
    out["409"] = errorResponse(common ? `${common.description} Or: ${closed}` : closed);
  }
  for (const [status, description] of Object.entries(operation.errors ?? {})) {
    const common = out[status] as { description: string } | undefined;
    out[status] = errorResponse(common ? `${description} Or: ${common.description}` : description);
  }
  out["500"] = errorResponse("An unexpected error; the answer carries the reference of its log line.");
  return out;
}

/** A POST with side effects on one incident: refused while it is closed (server/api/closed-incident-guard.ts). */
function writesToIncident(operation: Operation): boolean {
  return (
    operation.auth.kind !== "signature" &&
    operation.method === "POST" &&
    operation.retry !== "no-side-effect" &&
    operation.closedIncident !== "allowed" &&
    (operation.path.includes("{slug}") || operation.path.startsWith("/bulk-actions/{id}"))
  );
}

function security(operation: Operation): JsonSchema[] {
  switch (operation.auth.kind) {
    case "staff":
      return [{ roleToken: [] }, { staffSession: [] }];
    case "timelineToken":
      return [{ timelineToken: [] }];
    case "signature":
      return [{ exchangeSignature: [] }];
  }
}

function describe(operation: Operation): string {
  const lines = [operation.description ?? ""];
  if (operation.auth.kind === "staff") {
    lines.push(`Permission: \`${operation.auth.permission}\` (${rolesAllowed(operation).join(", ")}).`);
  }
  if (operation.retry) lines.push(RETRY_TEXT[operation.retry]);
  return lines.filter(Boolean).join("\n\n");
}

function toOpenApiOperation(operation: Operation, schemas: SchemaCollector): JsonSchema {
  const body = requestBody(operation, schemas);
  const params = parameters(operation, schemas);
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    description: describe(operation),
    tags: [operation.tag],
    security: security(operation),
    ...(operation.auth.kind === "staff"
      ? { "x-permission": operation.auth.permission, "x-roles": rolesAllowed(operation) }
      : { "x-authentication": operation.auth.kind }),
    ...(operation.retry ? { "x-retry": operation.retry } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(body ? { requestBody: body } : {}),
    responses: responses(operation, schemas),
  };
}

const WEBHOOK_HEADERS = [
  ["webhook-id", "The event's id: the same on every attempt. Drop a repeat."],
  ["webhook-timestamp", "Seconds since the epoch when this attempt was signed: refuse one too old."],
  ["webhook-signature", "`v1,<base64 HMAC-SHA256 of id.timestamp.body>` under the secret's bytes; during a rotation, two, space-separated."],
] as const;

/**
 * The outgoing events (OpenAPI 3.1 `webhooks`): what a signed webhook
 * destination receives, one entry per event type. Slack and Teams receive
 * the same events in their own message formats.
 */
function outgoingEvents(schemas: SchemaCollector): Record<string, unknown> {
  return Object.fromEntries(
    EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          operationId: `event.${type}`,
          summary: EVENT_LABELS[type],
          description: "Sent to signed webhook destinations (Standard Webhooks). Carries no customer e-mail address.",
          tags: ["Integrations"],
          parameters: WEBHOOK_HEADERS.map(([name, description]) => ({ name, in: "header", required: true, description, schema: { type: "string" } })),
          requestBody: { required: true, content: { "application/json": { schema: schemas.convert(eventEnvelopeSchema(type), "output") } } },
          responses: { "200": { description: "Any 2xx: delivered. Anything else, or no answer in time: tried again later with the same webhook-id." } },
        },
      },
    ]),
  );
}

export function buildApiOpenApi(operations: readonly Operation[] = OPERATIONS): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas = new SchemaCollector();
  for (const operation of operations) {
    const path = (paths[operation.path] ??= {});
    path[operation.method.toLowerCase()] = toOpenApiOperation(operation, schemas);
  }
  const webhooks = outgoingEvents(schemas);
  const components = Object.fromEntries(Object.entries(schemas.components).sort(([a], [b]) => a.localeCompare(b)));
  const tags = [...new Set(operations.map((o) => o.tag))].map((name) => ({ name, description: tagDescription(name) }));
  return {
    openapi: "3.1.0",
    info: {
      title: "Breachdesk API",
      version: API_VERSION,
      description:
        "What the dashboard does, over HTTP: incidents, imports, the exposed accounts, single and bulk remediation, " +
        "the timeline and its obligations, customer notices, the report's data and the audit chain's state.\n\n" +
        "Authenticate with a role token (`Authorization: Bearer bd_…`, created by an admin under Admin → API tokens): it acts " +
        "with its role's permissions, on behalf of the admin who created it, within its incident if it has one. " +
        'Errors are JSON: `{"error": {"code", "message", "fields"?}}`. Lists are cursor-paginated: pass the answer\'s ' +
        "`page.next` back as `after`. Every POST with a side effect takes an `Idempotency-Key`.",
      license: LICENSE,
    },
    // Internal: Breachdesk serves the operator's own staff and systems, not the public.
    servers: [
      { url: "/api/v1", description: "This Breachdesk deployment (production or staging alike).", "x-internal": true },
    ],
    tags,
    security: [{ roleToken: [] }, { staffSession: [] }],
    paths,
    webhooks,
    components: {
      securitySchemes: {
        roleToken: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "bd_<43 characters>",
          description:
            "A role token: acts with its role's permissions, optionally within one incident; rate-limited per token. " +
            "Cannot approve bulk actions (a person approves, with a second factor).",
        },
        staffSession: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description:
            "The dashboard's session (the browser). State-changing requests must come from the dashboard's own origin.",
        },
        timelineToken: {
          type: "http",
          scheme: "bearer",
          description:
            "A timeline write token, created on an incident's Timeline page; only for posting timeline events.",
        },
        exchangeSignature: {
          type: "apiKey",
          in: "header",
          name: "X-Breachdesk-Signature",
          description:
            "HMAC-SHA256 with the exchange's shared secret; see the provider contract (docs/provider-api.md).",
        },
      },
      parameters: {
        IdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          required: false,
          description:
            'Any unique string (1 to 255 characters; a structured-field string such as "abc" is accepted too). A retry with the same key ' +
            "and request gets the first answer again; the same key with a different request is 422 IDEMPOTENCY_KEY_REUSED.",
          schema: { type: "string", minLength: 1, maxLength: 255 },
        },
      },
      schemas: { Error: openApiSchema(ApiErrorBody, "output", { compactFormats: true }), ...components },
    },
  };
}
