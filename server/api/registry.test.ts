import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { operationUrlPath } from "./operation";
import { OPERATIONS } from "./registry";

// An undocumented route fails here: every exported HTTP method of every
// app/api/v1/**/route.ts must be an operation of the registry (and so of
// /api/v1/openapi.json), and every operation must have its route.

const ROOT = path.resolve(import.meta.dirname, "../..");
const API = "app/api/v1";
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** The two operations that authenticate themselves keep hand-written handlers (and say which operation they are). */
const SELF_AUTHENTICATING = new Set(["POST /incidents/{slug}/timeline", "POST /webhooks/exchange"]);

function routeFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return routeFiles(relative);
    return entry.name === "route.ts" ? [relative] : [];
  });
}

/** app/api/v1/incidents/[slug]/route.ts -> /incidents/{slug} */
function templateOf(file: string): string {
  return file.slice(API.length, -"/route.ts".length).replace(/\[([^\]]+)\]/g, "{$1}") || "/";
}

const routes = routeFiles(API).flatMap((file) => {
  const source = fs.readFileSync(path.join(ROOT, file), "utf8");
  const methods = [...source.matchAll(/export\s+(?:async\s+)?(?:function|const)\s+(\w+)/g)]
    .map((m) => m[1]!)
    .filter((name) => HTTP_METHODS.includes(name));
  return methods.map((method) => ({ key: `${method} ${templateOf(file)}`, file, source }));
});

describe("the API registry", () => {
  it("documents every route handler under app/api/v1", () => {
    const documented = new Set(OPERATIONS.map((o) => `${o.method} ${o.path}`));
    expect(
      routes.filter((r) => !documented.has(r.key)).map((r) => `${r.key} (${r.file})`),
      "route handlers missing from server/api/registry.ts",
    ).toEqual([]);
  });

  it("has a route handler for every operation", () => {
    const served = new Set(routes.map((r) => r.key));
    expect(OPERATIONS.filter((o) => !served.has(`${o.method} ${o.path}`)).map((o) => o.operationId)).toEqual([]);
  });

  it("builds every staff handler from its operation", () => {
    const handBuilt = routes.filter((r) => !SELF_AUTHENTICATING.has(r.key) && !/operationRoute[<(]/.test(r.source));
    expect(handBuilt.map((r) => r.file)).toEqual([]);
  });

  it("names operations once, with a path under /api/v1", () => {
    const ids = OPERATIONS.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const keys = OPERATIONS.map((o) => `${o.method} ${o.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const operation of OPERATIONS) expect(operationUrlPath(operation)).toMatch(/^\/api\/v1\//);
  });

  it("says how every POST is kept from acting twice", () => {
    for (const operation of OPERATIONS.filter((o) => o.method === "POST")) expect(operation.retry).toBeDefined();
  });
});
