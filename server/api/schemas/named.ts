import { z } from "zod";

/**
 * Response schemas with a name: the document lists each once under
 * components/schemas and refers to it (`$ref`), instead of repeating it in
 * every operation that answers it. Only for what the server sends.
 */
export const namedSchemas = z.registry<{ id: string }>();

export function named<T extends z.ZodType>(id: string, schema: T): T {
  namedSchemas.add(schema, { id });
  return schema;
}
