import fs from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { buildApiOpenApi } from "./openapi";
import { OPERATIONS } from "./registry";

type Json = Record<string, unknown>;
const doc = buildApiOpenApi() as Json & { paths: Record<string, Record<string, Json>>; components: Json };

function resolvePointer(pointer: string): unknown {
  if (!pointer.startsWith("#/")) return undefined;
  let node: unknown = doc;
  for (const raw of pointer.slice(2).split("/")) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object" || !(part in node)) return undefined;
    node = (node as Json)[part];
  }
  return node;
}

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, found));
  else if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (key === "$ref" && typeof inner === "string") found.push(inner);
      else refsIn(inner, found);
    }
  }
  return found;
}

const operations = Object.entries(doc.paths).flatMap(([p, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ path: p, method, operation })),
);

describe("the API's OpenAPI document", () => {
  it("is OpenAPI 3.1 with every operation the registry holds", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(operations.map((o) => o.operation.operationId).sort()).toEqual(OPERATIONS.map((o) => o.operationId).sort());
  });

  it("gives every operation an id, a summary, tags, security and responses", () => {
    for (const { operation } of operations) {
      expect(operation.operationId).toMatch(/^[a-zA-Z]+$/);
      expect(operation.summary).toBeTruthy();
      expect(operation.tags).toHaveLength(1);
      expect((operation.security as unknown[]).length).toBeGreaterThan(0);
      const responses = operation.responses as Json;
      expect(Object.keys(responses).some((s) => /^2\d\d$/.test(s))).toBe(true);
      expect(responses["401"]).toBeDefined();
    }
  });

  it("declares every security scheme it uses", () => {
    const schemes = (doc.components.securitySchemes ?? {}) as Json;
    for (const { operation } of operations) {
      for (const requirement of operation.security as Json[])
        for (const name of Object.keys(requirement)) expect(schemes[name]).toBeDefined();
    }
  });

  it("resolves every $ref", () => {
    const broken = refsIn(doc).filter((ref) => resolvePointer(ref) === undefined);
    expect(broken).toEqual([]);
  });

  it("declares each path template's parameters, and an Idempotency-Key on every POST with a side effect", () => {
    for (const { path: template, method, operation } of operations) {
      const params = ((operation.parameters ?? []) as Json[]).map((p) =>
        p.$ref ? (resolvePointer(p.$ref as string) as Json) : p,
      );
      const inPath = params.filter((p) => p.in === "path").map((p) => p.name);
      expect(inPath.sort(), `${method} ${template}`).toEqual(
        [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort(),
      );
      if (operation["x-retry"] === "idempotency-key") {
        expect(
          params.some((p) => p.in === "header" && p.name === "Idempotency-Key"),
          `${method} ${template}`,
        ).toBe(true);
      }
      if (method === "post") expect(operation["x-retry"], `${method} ${template}`).toBeDefined();
    }
  });

  it("holds schemas that compile as JSON Schema 2020-12", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    // The document as one schema resource, so that its $refs resolve.
    ajv.addSchema({ $id: "doc", ...(doc as object) }, "doc");
    for (const name of Object.keys(doc.components.schemas as Json)) {
      expect(() => ajv.getSchema(`doc#/components/schemas/${name}`), name).not.toThrow();
    }
    const escape = (part: string) => part.replace(/~/g, "~0").replace(/\//g, "~1");
    for (const { path: template, method, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses as Record<string, { content?: Json }>)) {
        if (!response.content?.["application/json"]) continue;
        const pointer = ["paths", template, method, "responses", status, "content", "application/json", "schema"]
          .map(escape)
          .join("/");
        const validate = ajv.getSchema(`doc#/${pointer}`);
        expect(validate, `${method} ${template} ${status}`).toBeTypeOf("function");
      }
    }
  });

  it("is the one docs/api.openapi.json holds (npm run docs:api rewrites it)", () => {
    const file = path.resolve(import.meta.dirname, "../../docs/api.openapi.json");
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual(doc);
  });
});
