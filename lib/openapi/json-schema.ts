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
    // zod spells a format out as a regular expression too (date-time's is
    // 400 characters); `format` says the same to every OpenAPI reader.
    ...(options.compactFormats
      ? {
          override: (ctx: { jsonSchema: Record<string, unknown> }) => {
            if (typeof ctx.jsonSchema.format === "string") delete ctx.jsonSchema.pattern;
          },
        }
      : {}),
  }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}
