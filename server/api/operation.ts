import type { z } from "zod";
import type { Permission } from "../../lib/auth/permissions";

// One definition per operation of the public API (/api/v1): the route file
// builds its handler from it (server/api/operation-route.ts), so the request
// schemas the handler parses and the response schemas it is checked against
// are the ones server/api/openapi.ts writes into /api/v1/openapi.json.

type HttpMethod = "GET" | "POST";

/**
 * Who may call. `staff`: a signed-in staff session or a role token
 * (`Authorization: Bearer bd_…`) whose role holds the permission. The other
 * two authenticate themselves: the timeline's write tokens, and the exchange's
 * signed webhooks.
 */
type OperationAuth =
  { kind: "staff"; permission: Permission } | { kind: "timelineToken" } | { kind: "signature" };

/**
 * How a POST keeps a retry from acting twice: the Idempotency-Key header
 * (replayed answer); no side effect at all; the client-chosen import id; the
 * exchange's event ids.
 */
type RetrySafety = "idempotency-key" | "no-side-effect" | "import-id" | "event-id";

type ResponseSpec = {
  description: string;
  /** The JSON body (what the server sends, as JSON: times are ISO strings). */
  schema?: z.ZodType;
  /** A CSV download instead of JSON. */
  csv?: boolean;
  /** A JSON-lines download (one JSON value a line), instead of or besides CSV. */
  jsonLines?: boolean;
  /** A zip download. */
  zip?: boolean;
  /** Response headers worth knowing, name to description. */
  headers?: Record<string, string>;
};

type AnyObject = z.ZodObject;

/** What a request body may hold unless its operation says otherwise: a JSON body is small. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
const NONE = undefined;

export type Operation<
  P extends AnyObject | undefined = AnyObject | undefined,
  Q extends AnyObject | undefined = AnyObject | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
> = {
  method: HttpMethod;
  /** Under /api/v1, with OpenAPI path templates: "/incidents/{slug}". */
  path: `/${string}`;
  operationId: string;
  /** The reference page's section. */
  tag: string;
  summary: string;
  description?: string;
  auth: OperationAuth;
  params?: P;
  query?: Q;
  body?: B;
  /** The body is an uploaded file (any bytes), not JSON: the route reads it, with its own limit. */
  fileBody?: { contentTypes: string[]; description: string };
  /**
   * The largest JSON body accepted, in bytes (DEFAULT_MAX_BODY_BYTES, 64 KiB,
   * when not given): 413 from Content-Length before a byte is read, or as
   * soon as a stream without one runs past it.
   */
  maxBodyBytes?: number;
  /**
   * The body may instead be multipart/form-data: the JSON body without this
   * list in the part `request`, and the list as an uploaded file (one item a
   * line) in the part named `field`, up to `maxBytes` in all. For lists too
   * long for a JSON body (account ids).
   */
  listUpload?: { field: string; maxBytes: number; description: string };
  /** POST only. */
  retry?: RetrySafety;
  /**
   * A POST with side effects on a closed incident is refused (INCIDENT_CLOSED,
   * 409) unless the operation is meant for one (reopening): "allowed".
   */
  closedIncident?: "allowed";
  /** Success statuses. */
  responses: Record<number, ResponseSpec>;
  /** Expected errors beyond the common ones (401, 403, 422, 429, 500; 404 with path parameters), status to why. */
  errors?: Record<number, string>;
};

/** Checked at compile time; the definition itself is the value. */
export function defineOperation<
  P extends AnyObject | undefined = undefined,
  Q extends AnyObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(operation: Operation<P, Q, B>): Operation<P, Q, B> {
  if (operation.method === "POST" && operation.retry === NONE) {
    throw new Error(`${operation.operationId}: a POST says how a retry is kept from acting twice (retry).`);
  }
  return operation;
}

/** The full URL path of an operation, as Next routes it. */
export function operationUrlPath(operation: Pick<Operation, "path">): string {
  return `/api/v1${operation.path}`;
}
