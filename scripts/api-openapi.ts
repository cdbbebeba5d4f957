// `npm run docs:api`: writes docs/api.openapi.json, the /api/v1 document the app serves at /api/v1/openapi.json.
import fs from "node:fs";
import path from "node:path";
import { buildApiOpenApi } from "../server/api/openapi";

const file = path.resolve(import.meta.dirname, "../docs/api.openapi.json");
fs.writeFileSync(file, `${JSON.stringify(buildApiOpenApi(), null, 2)}\n`);
process.stderr.write(`Wrote ${path.relative(process.cwd(), file)}\n`);
