import type { ReactNode } from "react";

// A JSON Schema (as the OpenAPI document holds it) as a readable list of
// fields: name, type, whether required, what it means. Named schemas link to
// their entry under "Schemas".

export type JsonSchema = { [key: string]: unknown };

const MAX_DEPTH = 4;

function refName(ref: unknown): string | null {
  return typeof ref === "string" ? ref.replace("#/components/schemas/", "") : null;
}

export function schemaAnchor(name: string): string {
  return `schema-${name}`;
}

function isObject(value: unknown): value is JsonSchema {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The variants of a union, and whether null is one of them. */
function variants(schema: JsonSchema): { options: JsonSchema[]; nullable: boolean } | null {
  const list = (schema.anyOf ?? schema.oneOf) as unknown;
  if (!Array.isArray(list)) return null;
  const options = list.filter(isObject);
  const nonNull = options.filter((o) => o.type !== "null");
  return { options: nonNull, nullable: nonNull.length < options.length };
}

/** One line saying what a value is: "string (date-time)", "array of TriageRow", "critical | high". */
function TypeLabel({ schema }: { schema: JsonSchema }): ReactNode {
  const name = refName(schema.$ref);
  if (name) {
    return (
      <a href={`#${schemaAnchor(name)}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
        {name}
      </a>
    );
  }
  const union = variants(schema);
  if (union) {
    return (
      <>
        {union.options.map((option, i) => (
          <span key={i}>
            {i > 0 ? " | " : null}
            <TypeLabel schema={option} />
          </span>
        ))}
        {union.nullable ? " | null" : null}
      </>
    );
  }
  if (Array.isArray(schema.enum)) return <span>{schema.enum.map((v) => JSON.stringify(v)).join(" | ")}</span>;
  if (schema.const !== undefined) return <span>{JSON.stringify(schema.const)}</span>;
  if (schema.type === "array" && isObject(schema.items)) {
    return (
      <>
        array of <TypeLabel schema={schema.items} />
      </>
    );
  }
  const type = Array.isArray(schema.type)
    ? schema.type.join(" | ")
    : typeof schema.type === "string"
      ? schema.type
      : "any";
  const format = typeof schema.format === "string" ? ` (${schema.format})` : "";
  return <span>{`${type}${format}`}</span>;
}

export function constraints(schema: JsonSchema): string[] {
  const out: string[] = [];
  if (schema.minLength !== undefined || schema.maxLength !== undefined) {
    out.push(`${schema.minLength ?? 0} to ${schema.maxLength ?? "…"} characters`);
  }
  if (schema.minimum !== undefined) out.push(`≥ ${String(schema.minimum)}`);
  if (schema.exclusiveMinimum !== undefined) out.push(`> ${String(schema.exclusiveMinimum)}`);
  if (typeof schema.maximum === "number" && schema.maximum < Number.MAX_SAFE_INTEGER) out.push(`≤ ${schema.maximum}`);
  if (schema.maxItems !== undefined) out.push(`at most ${String(schema.maxItems)} items`);
  if (schema.default !== undefined) out.push(`default ${JSON.stringify(schema.default)}`);
  return out;
}

/** The object a field holds inline (not a named schema), if any: its fields are listed below it. */
function inlineObject(schema: JsonSchema): JsonSchema | null {
  if (schema.$ref) return null;
  if (schema.type === "object" && isObject(schema.properties)) return schema;
  if (schema.type === "array" && isObject(schema.items)) return inlineObject(schema.items);
  const union = variants(schema);
  if (union && union.options.length === 1) return inlineObject(union.options[0]!);
  return null;
}

export function SchemaView({ schema, depth = 0 }: { schema: JsonSchema; depth?: number }) {
  const object = inlineObject(schema);
  if (!object || !isObject(object.properties)) {
    return (
      <p className="font-mono text-xs text-slate-700">
        <TypeLabel schema={schema} />
      </p>
    );
  }
  const required = new Set(Array.isArray(object.required) ? (object.required as string[]) : []);
  const entries = Object.entries(object.properties).filter((e): e is [string, JsonSchema] => isObject(e[1]));
  if (entries.length === 0) return <p className="text-xs text-slate-500">An object (no fixed fields).</p>;
  return (
    <ul className={depth === 0 ? "divide-y divide-slate-100" : "mt-1.5 space-y-1.5 border-l border-slate-200 pl-3"}>
      {entries.map(([name, property]) => {
        const nested = depth < MAX_DEPTH ? inlineObject(property) : null;
        const notes = constraints(property);
        return (
          <li key={name} className={depth === 0 ? "py-2 first:pt-0 last:pb-0" : ""}>
            <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5 text-xs">
              <code className="font-mono font-semibold text-slate-900">{name}</code>
              <span className="font-mono text-slate-600">
                <TypeLabel schema={property} />
              </span>
              {required.has(name) ? (
                <span className="text-[11px] font-medium uppercase tracking-wide text-rose-700">required</span>
              ) : null}
              {notes.length ? <span className="text-slate-500">{notes.join(", ")}</span> : null}
            </div>
            {typeof property.description === "string" ? (
              <p className="mt-0.5 text-xs text-slate-600">{property.description}</p>
            ) : null}
            {nested ? <SchemaView schema={nested} depth={depth + 1} /> : null}
          </li>
        );
      })}
    </ul>
  );
}
