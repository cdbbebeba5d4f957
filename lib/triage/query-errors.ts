import type { z } from "zod";

export type QueryError = { param: string; message: string };

type Parsed = { success: true } | { success: false; error: z.ZodError };

/**
 * The invalid URL parameters of a triage query, one entry per parameter, so
 * that a bad shared link says which part of it is wrong instead of failing.
 */
export function triageQueryErrors(...results: readonly Parsed[]): QueryError[] {
  const byParam = new Map<string, string>();
  for (const result of results) {
    if (result.success) continue;
    for (const issue of result.error.issues) {
      const param = String(issue.path[0] ?? "query");
      if (!byParam.has(param)) byParam.set(param, issue.message);
    }
  }
  return [...byParam].map(([param, message]) => ({ param, message }));
}

/** "tier: Invalid option…; size: Too big…": one line, for API error messages. */
export function describeQueryErrors(errors: readonly QueryError[]): string {
  return errors.map((e) => `"${e.param}": ${e.message}`).join("; ");
}
