// `npm run docs:provider-api`: writes docs/provider-api.openapi.json from the contract's zod schemas.
import fs from "node:fs";
import path from "node:path";
import { buildProviderOpenApi } from "../lib/exchange/openapi";

const file = path.resolve(import.meta.dirname, "../docs/provider-api.openapi.json");
fs.writeFileSync(file, `${JSON.stringify(buildProviderOpenApi(), null, 2)}\n`);
process.stderr.write(`Wrote ${path.relative(process.cwd(), file)}\n`);
