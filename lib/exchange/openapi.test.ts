import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildProviderOpenApi } from "./openapi";

describe("the provider contract's OpenAPI document", () => {
  it("is the one the schemas build (npm run docs:provider-api rewrites it)", () => {
    const file = path.resolve(import.meta.dirname, "../../docs/provider-api.openapi.json");
    const committed = JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
    expect(committed).toEqual(buildProviderOpenApi());
  });
});
