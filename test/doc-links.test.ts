import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The README is a page of links into docs/: a renamed file or heading must not leave a link
// pointing at nothing. Checks every relative link (and its #anchor, GitHub's way of naming
// headings) in README.md, SECURITY.md and docs/*.md.

const root = path.resolve(import.meta.dirname, "..");

const documents = [
  "README.md",
  "SECURITY.md",
  ...fs
    .readdirSync(path.join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

/** The text outside fenced code blocks and inline code, where a link is a link. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");
}

/** GitHub's anchors for a document's headings (lower case, punctuation dropped, spaces as dashes). */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, text] of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = text!
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

function relativeLinks(markdown: string): string[] {
  const links = [...prose(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!);
  return links.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

describe("relative links in the documentation", () => {
  it.each(documents)("%s links only to files and headings that exist", (document) => {
    const broken: string[] = [];
    for (const link of relativeLinks(fs.readFileSync(path.join(root, document), "utf8"))) {
      const [file = "", anchor] = link.split("#");
      const target = file === "" ? document : path.posix.normalize(path.posix.join(path.posix.dirname(document), file));
      const absolute = path.join(root, target);
      if (!fs.existsSync(absolute)) {
        broken.push(`${link} (no file ${target})`);
        continue;
      }
      if (anchor && target.endsWith(".md") && !anchors(fs.readFileSync(absolute, "utf8")).has(anchor)) {
        broken.push(`${link} (no heading #${anchor} in ${target})`);
      }
    }
    expect(broken).toEqual([]);
  });
});
