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
      // z.int() bounds every integer by the safe-integer range: not a limit
      // anyone chose, and noise on every integer of the document.
      if (schema.minimum === Number.MIN_SAFE_INTEGER) delete schema.minimum;
      if (schema.maximum === Number.MAX_SAFE_INTEGER) delete schema.maximum;
    },
  }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}
