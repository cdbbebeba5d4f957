import type { z } from "zod";
import { openApiSchema } from "../../lib/openapi/json-schema";

const arrayKeys = new WeakMap<z.ZodObject, Set<string>>();

/** The query parameters whose schema is an array: repeated (`?category=a&category=b`). */
function arrayQueryKeys(schema: z.ZodObject): Set<string> {
  let keys = arrayKeys.get(schema);
  if (!keys) {
    const properties = (openApiSchema(schema, "input").properties ?? {}) as Record<string, { type?: unknown }>;
    keys = new Set(Object.keys(properties).filter((key) => properties[key]?.type === "array"));
    arrayKeys.set(schema, keys);
  }
  return keys;
}

/** The query string as the schema reads it: repeated keys for arrays, the first value otherwise, empty ones left out. */
export function queryRecord(schema: z.ZodObject, search: URLSearchParams): Record<string, string | string[]> {
  const arrays = arrayQueryKeys(schema);
  const record: Record<string, string | string[]> = {};
  for (const key of new Set(search.keys())) {
    if (arrays.has(key)) record[key] = search.getAll(key);
    else {
      const value = search.get(key);
      if (value !== null && value !== "") record[key] = value;
    }
  }
  return record;
}
