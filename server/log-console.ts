import { log } from "./log";

function isErrorLike(value: unknown): value is object {
  return (
    value instanceof Error || (typeof value === "object" && value !== null && "stack" in value && "message" in value)
  );
}

/**
 * Sends every error that reaches console.error through the redacting logger.
 * Next.js prints an error thrown while rendering a page, with all its fields
 * (a database error's statement and parameters among them), before it shows the error page; so does any library. Calls
 * without an error (warnings, plain messages) go through unchanged. Installed
 * once per server process by instrumentation.ts. Returns the undo.
 */
export function redactConsoleErrors(target: Pick<Console, "error">): () => void {
  const original = target.error.bind(target);
  target.error = (...args: unknown[]) => {
    const error = args.find(isErrorLike);
    if (error === undefined) original(...args);
    else log.error("console.error", error);
  };
  return () => {
    target.error = original;
  };
}
