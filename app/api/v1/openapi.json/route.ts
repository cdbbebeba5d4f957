import { getOpenApiOperation } from "@/server/api/operations/meta";
import { buildApiOpenApi } from "@/server/api/openapi";
import { operationRoute } from "@/server/api/operation-route";

export const dynamic = "force-dynamic";

/** The API's OpenAPI 3.1 document, built from the operations' definitions on each request (cheap; no drift). */
export const GET = operationRoute(getOpenApiOperation, async () => ({ status: 200, body: buildApiOpenApi() }));
