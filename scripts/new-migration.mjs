// `npm run db:new-migration -- <name>`: writes the SQL that takes the schema
// from what the last migration produced to prisma/schema.prisma, as a new
// Prisma-format migration folder. (`prisma migrate dev` needs a shadow
// database, which does not work offline: see ../shared/STACK.md.) The old
// schema comes from git, as of the newest commit that changed the migrations
// folder: after a merge of two branches that each added a migration, that is
// the merge, whose schema includes both (the commit that added the
// latest-named migration would miss the other branch's change).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run db:new-migration -- <snake_case_name>");
  process.exit(2);
}
const migrationsDir = "prisma/migrations";
const pending = execFileSync("git", ["status", "--porcelain", "--", migrationsDir], { encoding: "utf8" }).trim();
if (pending) {
  console.error(`Commit or remove the uncommitted migrations first:\n${pending}`);
  process.exit(1);
}
const commit = execFileSync("git", ["log", "-1", "--format=%H", "--", migrationsDir], { encoding: "utf8" }).trim();
const oldSchema = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "breachdesk-")), "schema.prisma");
fs.writeFileSync(oldSchema, execFileSync("git", ["show", `${commit}:prisma/schema.prisma`], { encoding: "utf8" }));
const sql = execFileSync(
  process.execPath,
  [
    "node_modules/prisma/build/index.js",
    "migrate",
    "diff",
    "--from-schema-datamodel",
    oldSchema,
    "--to-schema-datamodel",
    "prisma/schema.prisma",
    "--script",
  ],
  { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
);
if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
  console.error("schema.prisma has not changed since the last migration: nothing to write.");
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(migrationsDir, `${stamp}_${name}`);
fs.mkdirSync(dir);
fs.writeFileSync(path.join(dir, "migration.sql"), sql);
console.error(
  `Wrote ${dir}/migration.sql. Review it, then run the tests (the drift test compares it with schema.prisma).`,
);
