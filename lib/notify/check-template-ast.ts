/*
 * A notice template is checked on its syntax tree, not by trying it: only
 * the notice's own placeholders and the block helpers the product uses (if,
 * unless, each) are allowed. What is refused, and why:
 * - partials, partial blocks, inline partials and decorators: they nest, and
 *   a page of them renders exponentially (a 1 KB template froze the app);
 * - helpers other than if/unless/each, and any parameter or hash beyond the
 *   one placeholder a block tests or loops over;
 * - `../`, `@root`, dotted or bracketed paths, `this.x`: a template needs none
 *   of them, and they are how `constructor`, `__proto__` and the prototype
 *   chain are reached;
 * - `{{#each}}` over anything but a top-level list, so loops cannot nest.
 *
 * With that, the work of a render is bounded by the template's length times
 * the longest list: no recursion, no nested loops. That bound is what keeps a
 * render short; rendering in a worker with a timer would only hide a template
 * that should never have been accepted.
 */

export type PlaceholderKind = "text" | "list";

type Node = { type: string; loc?: { start: { line: number } } };
type Path = Node & { original: string; parts: string[]; depth: number; data: boolean; head?: unknown };
type Mustache = Node & { path: Node; params: Node[]; hash?: { pairs: unknown[] }; escaped: boolean };
type Block = Mustache & { program?: Program; inverse?: Program };
type Program = Node & { body: Node[] };

const BLOCK_HELPERS = new Set(["if", "unless", "each"]);
const FORBIDDEN_NAMES = new Set(["constructor", "__proto__", "prototype", "__defineGetter__", "__lookupGetter__"]);
const LOOP_DATA = new Set(["@index", "@first", "@last"]);

const NODE_NAMES: Record<string, string> = {
  PartialStatement: "Partials ({{> …}})",
  PartialBlockStatement: "Partial blocks ({{#> …}})",
  DecoratorBlock: "Inline partials and decorators ({{#* …}})",
  Decorator: "Decorators ({{* …}})",
};

/** The first problem of a parsed template, or null. `placeholders` are the notice context's fields. */
export function checkTemplateAst(program: hbs.AST.Program, placeholders: Record<string, PlaceholderKind>): string | null {
  const known = Object.keys(placeholders);
  const line = (node: Node) => `line ${node.loc?.start.line ?? 1}`;

  /** Checks a placeholder's path; inLoop: inside {{#each}}, where only `this` and the loop's @data exist. */
  function checkPath(node: Node, inLoop: boolean): string | null {
    if (node.type !== "PathExpression") return `Only placeholders may be used here (${line(node)}).`;
    const path = node as Path;
    const shown = `{{${path.original}}}`;
    const names = path.original.split(/[./[\]]+/).filter(Boolean);
    const bad = names.find((n) => FORBIDDEN_NAMES.has(n.replace(/^@/, "")));
    if (bad) return `${shown} is not allowed: "${bad}" is not a placeholder (${line(node)}).`;
    if (path.depth > 0 || path.original.includes("../")) return `${shown} is not allowed: no "../" paths (${line(node)}).`;
    if (path.data) {
      if (inLoop && LOOP_DATA.has(path.original)) return null;
      return `${shown} is not allowed: only @index, @first and @last, inside {{#each}} (${line(node)}).`;
    }
    if (path.original === "this") return inLoop ? null : `{{this}} is only meaningful inside {{#each}} (${line(node)}).`;
    if (path.parts.length !== 1 || path.original !== path.parts[0]) {
      return `${shown} is not allowed: use a placeholder by its plain name (${line(node)}).`;
    }
    const name = path.parts[0]!;
    if (inLoop) {
      return `${shown} cannot be used inside {{#each}}: there, {{this}} is the list's item (${line(node)}).`;
    }
    if (!Object.hasOwn(placeholders, name)) {
      const guess = suggest(name, known);
      // Say what to write instead: the close name, or else the names there are.
      return guess
        ? `Unknown placeholder ${shown} (${line(node)}): did you mean {{${guess}}}?`
        : `Unknown placeholder ${shown} (${line(node)}): the placeholders are ${known.map((k) => `{{${k}}}`).join(", ")}.`;
    }
    return null;
  }

  function checkNode(node: Node, inLoop: boolean): string | null {
    switch (node.type) {
      case "ContentStatement":
      case "CommentStatement":
        return null;
      case "MustacheStatement": {
        const m = node as Mustache;
        if (!m.escaped) return `Triple braces {{{…}}} and {{&…}} would insert text unescaped: use {{…}} (${line(node)}).`;
        if (m.params.length > 0 || (m.hash?.pairs.length ?? 0) > 0) {
          const name = m.path.type === "PathExpression" ? (m.path as Path).original : "…";
          return `{{${name} …}} is not allowed: no helpers, only placeholders (${line(node)}).`;
        }
        if (m.path.type === "PathExpression" && BLOCK_HELPERS.has((m.path as Path).original)) {
          return `{{${(m.path as Path).original}}} is a block: write {{#${(m.path as Path).original} …}}…{{/${(m.path as Path).original}}} (${line(node)}).`;
        }
        return checkPath(m.path, inLoop);
      }
      case "BlockStatement": {
        const b = node as Block;
        const helper = b.path.type === "PathExpression" ? (b.path as Path).original : "";
        if (!BLOCK_HELPERS.has(helper)) {
          return `{{#${helper || "…"}}} is not allowed: the blocks are {{#if}}, {{#unless}} and {{#each}} (${line(node)}).`;
        }
        if (b.params.length !== 1 || (b.hash?.pairs.length ?? 0) > 0) {
          return `{{#${helper}}} takes exactly one placeholder (${line(node)}).`;
        }
        const param = b.params[0]!;
        const problem = checkPath(param, inLoop);
        if (problem) return problem;
        if (helper === "each") {
          const name = (param as Path).original;
          if (inLoop || placeholders[name] !== "list") {
            const lists = known.filter((k) => placeholders[k] === "list").join(", ");
            return `{{#each ${name}}} is not allowed: {{#each}} goes over a list (${lists}), and not inside another {{#each}} (${line(node)}).`;
          }
        }
        const inner = inLoop || helper === "each";
        return checkProgram(b.program, inner) ?? checkProgram(b.inverse, inLoop);
      }
      default:
        return `${NODE_NAMES[node.type] ?? node.type} are not allowed in a notice (${line(node)}).`;
    }
  }

  function checkProgram(program: Program | undefined, inLoop: boolean): string | null {
    if (!program) return null;
    if ((program as Program & { blockParams?: unknown[] }).blockParams?.length) {
      return `Block parameters (as |x|) are not allowed (${line(program)}).`;
    }
    for (const node of program.body) {
      const problem = checkNode(node, inLoop);
      if (problem) return problem;
    }
    return null;
  }

  return checkProgram(program as unknown as Program, false);
}

/** The known name closest to a misspelt one (ignoring case, "_" and "-"), when it is close. */
function suggest(name: string, known: string[]): string | null {
  const norm = (s: string) => s.toLowerCase().replace(/[_-]/g, "");
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(norm(name), norm(candidate));
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : null;
}

function distance(a: string, b: string): number {
  if (a.length > 100 || b.length > 100) return Infinity;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
