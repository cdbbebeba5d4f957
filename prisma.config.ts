// Prisma CLI configuration. The CLI runs on Prisma's WASM schema engine through
// a driver adapter, because native engine downloads are unavailable offline.
// The adapter is an in-memory PGlite: the CLI is only used for `generate` and
// `migrate diff`; migrations are applied by server/db/migrate.ts, one tested
// path for both PGlite and PostgreSQL.
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { defineConfig } from "prisma/config";

// The datasource block names DATABASE_URL; the CLI refuses to read the schema
// when it is unset, although the adapter below replaces it.
process.env.DATABASE_URL ??= "postgresql://localhost/unused-by-prisma-cli";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaPGlite(new PGlite()),
});
