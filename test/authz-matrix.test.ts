import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACTIONS, PAGES, ROUTES, urlPathOf } from "./authz-matrix";

const ROOT = path.resolve(import.meta.dirname, "..");
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

function walk(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    return entry.isDirectory() ? walk(relative) : [relative];
  });
}

const sourceFiles = ["app", "components", "server", "lib"].flatMap(walk).filter((f) => /\.(ts|tsx)$/.test(f));
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

/** Names a module exports: `export (async) function X`, `export const X`, `export { a as X }`. */
function exportedNames(source: string): string[] {
  const names = [...source.matchAll(/export\s+(?:async\s+)?(?:function\*?|const|let|var)\s+(\w+)/g)].map((m) => m[1]!);
  for (const block of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of block[1]!.split(",")) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop()
        ?.trim();
      if (name) names.push(name);
    }
  }
  return names;
}

const isServerActionFile = (source: string) =>
  /^\s*(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*["']use server["']/.test(source);

describe("the authorisation matrix covers everything reachable", () => {
  it("has an entry for every page", () => {
    const pages = sourceFiles.filter((f) => f.startsWith("app/") && /\/page\.tsx?$/.test(f));
    const listed = new Set(PAGES.map((p) => p.file));
    expect(
      pages.filter((f) => !listed.has(f)),
      "pages missing from test/authz-matrix.ts PAGES",
    ).toEqual([]);
    expect(
      [...listed].filter((f) => !pages.includes(f)),
      "PAGES entries for files that do not exist",
    ).toEqual([]);
  });

  it("has an entry for every route handler method", () => {
    const handlers = sourceFiles
      .filter((f) => f.startsWith("app/") && /\/route\.ts$/.test(f))
      .flatMap((file) =>
        exportedNames(read(file))
          .filter((n) => HTTP_METHODS.includes(n))
          .map((m) => `${m} ${file}`),
      );
    const listed = new Set(ROUTES.map((r) => `${r.method} ${r.file}`));
    expect(
      handlers.filter((h) => !listed.has(h)),
      "route handlers missing from test/authz-matrix.ts ROUTES",
    ).toEqual([]);
    expect(
      [...listed].filter((h) => !handlers.includes(h)),
      "ROUTES entries for handlers that do not exist",
    ).toEqual([]);
  });

  it("has an entry for every server action", () => {
    const actions = sourceFiles
      .filter((f) => isServerActionFile(read(f)))
      .flatMap((file) => exportedNames(read(file)).map((name) => `${name} ${file}`));
    const listed = new Set(ACTIONS.map((a) => `${a.name} ${a.file}`));
    expect(
      actions.filter((a) => !listed.has(a)),
      "server actions missing from test/authz-matrix.ts ACTIONS",
    ).toEqual([]);
    expect(
      [...listed].filter((a) => !actions.includes(a)),
      "ACTIONS entries for actions that do not exist",
    ).toEqual([]);
  });

  it("turns route files into URLs", () => {
    expect(urlPathOf("app/(dashboard)/incidents/[slug]/(account-detail)/accounts/[accountId]/page.tsx")).toBe(
      "/incidents/2019-11-indices-update/accounts/EX-0000001",
    );
    expect(urlPathOf("app/api/auth/[...nextauth]/route.ts")).toBe("/api/auth");
    expect(urlPathOf("app/page.tsx")).toBe("/");
  });
});
