import { Fragment, type ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { constraints, SchemaView, schemaAnchor, type JsonSchema } from "./schema-view";

// The API reference: every operation of the OpenAPI document, server-rendered
// (no script, nothing fetched from elsewhere). The document comes in as
// plain JSON; this only lays it out.

type Operation = JsonSchema & {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: JsonSchema[];
  requestBody?: { required?: boolean; description?: string; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
};

export type ApiDocument = {
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema>; parameters: Record<string, JsonSchema> };
};

type Entry = { method: string; path: string; operation: Operation };

const METHOD_TONES: Record<string, string> = {
  get: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  post: "bg-brand-50 text-brand-700 ring-brand-100",
};

function Method({ method }: { method: string }) {
  return (
    <span
      className={`inline-flex w-12 justify-center rounded px-1.5 py-0.5 font-mono text-[11px] font-bold uppercase ring-1 ring-inset ${METHOD_TONES[method] ?? "bg-slate-100 text-slate-700 ring-slate-200"}`}
    >
      {method}
    </span>
  );
}

/** Text with `code` spans and **bold**, as the document's descriptions write them. */
function Prose({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n\n+/).map((paragraph, i) => (
        <p key={i} className="text-sm leading-6 text-slate-700">
          {paragraph.split(/(`[^`]+`|\*\*[^*]+\*\*)/).map((part, j) =>
            part.startsWith("`") ? (
              <code key={j} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[12px] text-slate-800">
                {part.slice(1, -1)}
              </code>
            ) : part.startsWith("**") ? (
              <strong key={j} className="font-semibold text-slate-900">
                {part.slice(2, -2)}
              </strong>
            ) : (
              <Fragment key={j}>{part}</Fragment>
            ),
          )}
        </p>
      ))}
    </>
  );
}

function statusTone(status: string): "success" | "warning" | "danger" | "neutral" {
  if (status.startsWith("2")) return "success";
  if (status.startsWith("4")) return "warning";
  if (status.startsWith("5")) return "danger";
  return "neutral";
}

function operationAnchor(operationId: string): string {
  return `op-${operationId}`;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="space-y-2">
      <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h4>
      {children}
    </div>
  );
}

function resolveParameter(document: ApiDocument, parameter: JsonSchema): JsonSchema {
  const ref = parameter.$ref;
  if (typeof ref !== "string") return parameter;
  return document.components.parameters[ref.replace("#/components/parameters/", "")] ?? parameter;
}

function OperationCard({ document, entry }: { document: ApiDocument; entry: Entry }) {
  const { operation, method, path } = entry;
  const roles = (operation["x-roles"] ?? []) as string[];
  const permission = operation["x-permission"] as string | undefined;
  const parameters = (operation.parameters ?? []).map((p) => resolveParameter(document, p));
  const body = operation.requestBody;
  const successes = Object.entries(operation.responses).filter(([status]) => status.startsWith("2"));
  const errors = Object.entries(operation.responses).filter(([status]) => !status.startsWith("2"));
  // The header already shows the permission and its roles.
  const description = (operation.description ?? "")
    .split(/\n\n+/)
    .filter((paragraph) => !paragraph.startsWith("Permission: "))
    .join("\n\n");
  return (
    <article
      id={operationAnchor(operation.operationId)}
      aria-labelledby={`${operationAnchor(operation.operationId)}-title`}
      className="scroll-mt-6 rounded-xl border border-slate-200 bg-white shadow-sm"
    >
      <header className="space-y-2 border-b border-slate-100 px-5 py-4">
        <div className="flex flex-wrap items-center gap-3">
          <Method method={method} />
          <code className="break-all font-mono text-sm font-semibold text-slate-900">/api/v1{path}</code>
        </div>
        <h3 id={`${operationAnchor(operation.operationId)}-title`} className="text-sm font-medium text-slate-900">
          {operation.summary}
        </h3>
        <dl className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600">
          <div className="flex items-center gap-1.5">
            <dt className="text-slate-500">operationId</dt>
            <dd className="font-mono text-slate-800">{operation.operationId}</dd>
          </div>
          <div className="flex items-center gap-1.5">
            <dt className="text-slate-500">{permission ? "Permission" : "Authentication"}</dt>
            <dd className="font-mono text-slate-800">{permission ?? String(operation["x-authentication"] ?? "")}</dd>
          </div>
          {permission ? (
            <div className="flex flex-wrap items-center gap-1.5">
              <dt className="sr-only">Roles</dt>
              {roles.map((role) => (
                <dd key={role}>
                  <Badge>{role.replace("_", " ")}</Badge>
                </dd>
              ))}
            </div>
          ) : null}
        </dl>
      </header>
      <div className="space-y-5 px-5 py-4">
        {description ? (
          <div className="space-y-2">
            <Prose text={description} />
          </div>
        ) : null}
        {parameters.length ? (
          <Section title="Parameters">
            <div className="overflow-x-auto rounded-lg border border-slate-200">
              <table className="w-full min-w-[40rem] table-fixed text-xs">
                <caption className="sr-only">Parameters of {operation.operationId}</caption>
                <thead className="bg-slate-50 text-left text-slate-600">
                  <tr>
                    <th scope="col" className="w-36 px-3 py-2 font-medium">
                      Name
                    </th>
                    <th scope="col" className="w-16 px-3 py-2 font-medium">
                      In
                    </th>
                    <th scope="col" className="w-44 px-3 py-2 font-medium">
                      Schema
                    </th>
                    <th scope="col" className="px-3 py-2 font-medium">
                      Description
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {parameters.map((parameter) => (
                    <tr key={`${String(parameter.in)}-${String(parameter.name)}`} className="align-top">
                      <td className="whitespace-nowrap px-3 py-2">
                        <code className="font-mono font-semibold text-slate-900">{String(parameter.name)}</code>
                        {parameter.required ? (
                          <span className="ml-1.5 text-[10px] font-medium uppercase text-rose-700">required</span>
                        ) : null}
                      </td>
                      <td className="px-3 py-2 text-slate-600">{String(parameter.in)}</td>
                      <td className="break-words px-3 py-2 font-mono text-slate-700">
                        <SchemaView schema={(parameter.schema ?? {}) as JsonSchema} depth={1} />
                        {constraints((parameter.schema ?? {}) as JsonSchema).length ? (
                          <p className="mt-0.5 font-sans text-[11px] text-slate-500">
                            {constraints((parameter.schema ?? {}) as JsonSchema).join(", ")}
                          </p>
                        ) : null}
                      </td>
                      <td className="break-words px-3 py-2 text-slate-600">
                        {typeof parameter.description === "string" ? parameter.description : ""}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Section>
        ) : null}
        {body ? (
          <Section title={`Request body${body.required ? "" : " (optional)"}`}>
            {Object.entries(body.content).map(([type, media]) => (
              <div key={type} className="rounded-lg border border-slate-200 p-3">
                <p className="mb-2 font-mono text-[11px] text-slate-500">{type}</p>
                {type === "application/json" ? (
                  <SchemaView schema={media.schema} />
                ) : (
                  <p className="text-xs text-slate-600">{body.description ?? "The file's bytes."}</p>
                )}
              </div>
            ))}
          </Section>
        ) : null}
        <Section title="Responses">
          <div className="space-y-3">
            {successes.map(([status, response]) => (
              <div key={status} className="rounded-lg border border-slate-200 p-3">
                <div className="mb-2 flex flex-wrap items-center gap-2">
                  <Badge tone={statusTone(status)}>{status}</Badge>
                  <span className="text-xs text-slate-700">{response.description}</span>
                  {response.content
                    ? Object.keys(response.content).map((type) => (
                        <span key={type} className="font-mono text-[11px] text-slate-500">
                          {type}
                        </span>
                      ))
                    : null}
                </div>
                {response.content?.["application/json"] ? (
                  <SchemaView schema={response.content["application/json"].schema} />
                ) : null}
              </div>
            ))}
            <ul className="grid gap-x-4 gap-y-1.5 sm:grid-cols-2">
              {errors.map(([status, response]) => (
                <li key={status} className="flex items-start gap-2 text-xs text-slate-600">
                  <Badge tone={statusTone(status)}>{status}</Badge>
                  <span className="pt-0.5">{response.description}</span>
                </li>
              ))}
            </ul>
          </div>
        </Section>
      </div>
    </article>
  );
}

function Overview({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <h2 className="text-sm font-semibold text-slate-900">{title}</h2>
      <div className="mt-1.5 space-y-1.5 text-xs leading-5 text-slate-600">{children}</div>
    </div>
  );
}

function sectionSlug(tag: string): string {
  return tag.toLowerCase().replace(/\W+/g, "-");
}

/** Every $ref under a value, named schemas followed through, so that a section lists what its operations use. */
function namedSchemasUsed(document: ApiDocument, roots: unknown[]): string[] {
  const seen = new Set<string>();
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === "object") {
      for (const [key, inner] of Object.entries(value)) {
        if (key === "$ref" && typeof inner === "string" && inner.startsWith("#/components/schemas/")) {
          const name = inner.slice("#/components/schemas/".length);
          if (!seen.has(name)) {
            seen.add(name);
            visit(document.components.schemas[name]);
          }
        } else visit(inner);
      }
    }
  };
  roots.forEach(visit);
  return [...seen].filter((name) => name !== "Error" && document.components.schemas[name]).sort();
}

/**
 * One section (a tag's operations) at a time, with the named schemas they use:
 * the whole API on one page is thousands of elements, slow to read and to check.
 */
export function ApiReference({ document, section }: { document: ApiDocument; section: string | undefined }) {
  const entries: Entry[] = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ method, path, operation })),
  );
  const tags = [...new Set(entries.map((e) => e.operation.tags[0] ?? "Other"))];
  const byTag = (tag: string) => entries.filter((e) => (e.operation.tags[0] ?? "Other") === tag);
  const current = tags.find((tag) => sectionSlug(tag) === section) ?? tags[0]!;
  const shown = byTag(current);
  const schemas = namedSchemasUsed(
    document,
    shown.map((e) => e.operation),
  );
  const code = (text: string) => (
    <code className="rounded bg-slate-100 px-1 font-mono text-[11px] text-slate-800">{text}</code>
  );
  return (
    <div className="grid gap-8 lg:grid-cols-[15rem_minmax(0,1fr)]">
      <nav aria-label="Operations">
        <div className="space-y-4 pr-2 text-xs lg:sticky lg:top-6 lg:max-h-[calc(100vh-3rem)] lg:overflow-y-auto">
          {tags.map((tag) => (
            <div key={tag}>
              <a
                href={`?section=${sectionSlug(tag)}`}
                aria-current={tag === current ? "page" : undefined}
                className={`font-semibold hover:text-brand-700 ${tag === current ? "text-brand-700" : "text-slate-900"}`}
              >
                {tag}
              </a>
              <ul className="mt-1 space-y-0.5">
                {byTag(tag).map(({ method, operation }) => (
                  <li key={operation.operationId}>
                    <a
                      href={`?section=${sectionSlug(tag)}#${operationAnchor(operation.operationId)}`}
                      className="flex items-center gap-1.5 rounded px-1 py-0.5 text-slate-600 hover:bg-slate-100 hover:text-slate-900"
                    >
                      <span className="w-8 font-mono text-[10px] font-bold uppercase text-slate-500">{method}</span>
                      <span className="truncate">{operation.operationId}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      </nav>
      <div className="min-w-0 space-y-8">
        <div className="grid gap-4 md:grid-cols-2">
          <Overview title="Authentication">
            <p>
              Send {code("Authorization: Bearer bd_…")}: a role token an admin creates under Admin → API tokens (or{" "}
              {code("npx breachdesk token create")}). It acts with its role&rsquo;s permissions, on behalf of the admin
              who created it, within its incident if it has one, and is rate-limited (429 with Retry-After).
            </p>
            <p>A token cannot approve bulk actions: a person approves, with a recent second factor.</p>
          </Overview>
          <Overview title="Errors">
            <p>
              Every error is JSON: {code('{"error": {"code", "message", "fields"?}}')}. 401 without valid credentials,
              403 when the role lacks the permission, 404 when the URL names nothing, 422 with the invalid fields named.
            </p>
          </Overview>
          <Overview title="Pagination">
            <p>
              Long lists (exposed accounts, timeline) are keyset-paginated. Pass the answer&rsquo;s {code("page.next")}{" "}
              back as {code("after")} (or follow {code("page.nextUrl")}) until it is null. Cursors are opaque, and bound
              to the incident and the sort.
            </p>
          </Overview>
          <Overview title="Idempotency">
            <p>
              Every POST with a side effect takes an {code("Idempotency-Key")} header. A retry with the same key and
              body gets the first answer again ({code("Idempotent-Replayed: true")}); the same key with another body is
              422.
            </p>
          </Overview>
        </div>
        <section aria-labelledby="section-title" className="space-y-4">
          <h2 id="section-title" className="text-lg font-semibold text-slate-900">
            {current}
          </h2>
          {shown.map((entry) => (
            <OperationCard key={entry.operation.operationId} document={document} entry={entry} />
          ))}
        </section>
        {schemas.length ? (
          <section aria-labelledby="schemas" className="space-y-4">
            <h2 id="schemas" className="scroll-mt-6 text-lg font-semibold text-slate-900">
              Schemas used here
            </h2>
            {schemas.map((name) => (
              <div
                key={name}
                id={schemaAnchor(name)}
                className="scroll-mt-6 rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
              >
                <h3 className="mb-3 font-mono text-sm font-semibold text-slate-900">{name}</h3>
                <SchemaView schema={document.components.schemas[name]!} />
              </div>
            ))}
          </section>
        ) : null}
      </div>
    </div>
  );
}
