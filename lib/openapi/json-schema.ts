import { z } from "zod";

/**
 * A zod schema as an OpenAPI 3.1 schema object (JSON Schema 2020-12). `input`
 * describes what a client sends (defaults optional, before transforms);
 * `output` what the server answers. Types JSON cannot express (dates, maps)
 * become "any" rather than failing: the schemas that face the wire use ISO
 * strings anyway.
 */
export function openApiSchema(
  type: z.ZodType,
  io: "input" | "output" = "input",
  options: { named?: z.core.$ZodRegistry<{ id: string }>; compactFormats?: boolean } = {},
): Record<string, unknown> {
  const json = z.toJSONSchema(type, {
    io,
    unrepresentable: "any",
    ...(options.named ? { metadata: options.named } : {}),
    override: (ctx: { jsonSchema: Record<string, unknown> }) => {
      const schema = ctx.jsonSchema;
      // zod spells a format out as a regular expression too (date-time's is
      // 400 characters); `format` says the same to every OpenAPI reader.
      if (options.compactFormats && typeof schema.format === "string") delete schema.pattern;
      // z.int() bounds every integer by the safe-integer range, which the
      // document keeps (zod refuses anything beyond it), and says how wide the
      // integer is, so that a reader in any language knows what to parse into.
      if (schema.type === "integer" && schema.format === undefined) schema.format = fitsInt32(schema) ? "int32" : "int64";
      // A record keyed by an enum (z.record(z.enum(…), …)) has exactly those
      // keys: spelled out as properties, since a `required` naming keys that
      // `properties` does not define reads as a mistake to OpenAPI linters.
      const keys = (schema.propertyNames as { enum?: unknown[] } | undefined)?.enum;
      if (Array.isArray(keys) && schema.properties === undefined && typeof schema.additionalProperties === "object") {
        schema.properties = Object.fromEntries(keys.map((key) => [String(key), schema.additionalProperties]));
        schema.additionalProperties = false;
        delete schema.propertyNames;
      }
    },
  }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

function fitsInt32(schema: Record<string, unknown>): boolean {
  const low = typeof schema.minimum === "number" ? schema.minimum : typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum : null;
  const high = typeof schema.maximum === "number" ? schema.maximum : typeof schema.exclusiveMaximum === "number" ? schema.exclusiveMaximum : null;
  return low !== null && high !== null && low >= -2_147_483_648 && high <= 2_147_483_647;
}
