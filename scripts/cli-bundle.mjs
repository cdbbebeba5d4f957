// The `breachdesk` CLI as one JavaScript file, built from cli/main.ts with
// esbuild and kept in node_modules/.cache until a source it was built from
// changes. Run through tsx, every start resolved and transformed about 600
// modules through tsx's loader thread: 1.3 s before the first line of a
// command ran (2 s on PGlite), for `worker`, `audit verify` and an import
// alike. The bundle starts in 0.5 s. Packages stay outside it (node_modules
// as installed, Prisma's runtime and its WebAssembly included); only the
// project's own TypeScript is bundled.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const cacheDir = path.join(root, "node_modules", ".cache", "breachdesk-cli");
const bundlePath = path.join(cacheDir, "cli.mjs");
const inputsPath = path.join(cacheDir, "inputs.json");
// What the bundle depends on besides its inputs: how it is built, and the
// installed packages its deep imports were resolved against.
const ALWAYS = [fileURLToPath(import.meta.url), path.join(root, "package-lock.json")];

/**
 * Node's ESM resolver needs the file of a deep import into a package without
 * an exports map (`next/server` is `next/server.js`); esbuild finds it, and
 * the import stays outside the bundle under that name.
 */
const packagesOutside = {
  name: "packages-outside",
  setup(build) {
    build.onResolve({ filter: /^(@[^/]+\/)?[^./@][^/]*(\/.*)?$/ }, (args) => {
      if (args.path.startsWith("node:")) return { path: args.path, external: true };
      const [, name, subpath] = /^((?:@[^/]+\/)?[^/]+)(\/.+)?$/.exec(args.path);
      if (!subpath) return { path: args.path, external: true };
      const manifest = path.join(root, "node_modules", name, "package.json");
      if (!fs.existsSync(manifest) || JSON.parse(fs.readFileSync(manifest, "utf8")).exports) {
        return { path: args.path, external: true };
      }
      const file = require.resolve(args.path, { paths: [args.resolveDir] });
      return { path: path.relative(path.join(root, "node_modules"), file).split(path.sep).join("/"), external: true };
    });
  },
};

function isFresh() {
  let built;
  try {
    built = fs.statSync(bundlePath).mtimeMs;
  } catch {
    return false;
  }
  let inputs;
  try {
    inputs = JSON.parse(fs.readFileSync(inputsPath, "utf8"));
  } catch {
    return false;
  }
  for (const file of [...ALWAYS, ...inputs]) {
    try {
      if (fs.statSync(file).mtimeMs > built) return false;
    } catch {
      return false;
    }
  }
  return true;
}

async function build() {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ["cli/main.ts"],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // server-only's guard, as tsx ran it: the CLI is server code.
    conditions: ["react-server"],
    plugins: [packagesOutside],
    metafile: true,
    write: false,
    logLevel: "silent",
    sourcemap: "inline",
    sourcesContent: false,
  });
  fs.mkdirSync(cacheDir, { recursive: true });
  // Written under a name of its own, then renamed: two processes building at
  // once (the web server's worker and a shell command) each leave a whole file.
  const temporary = `${bundlePath}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, result.outputFiles[0].contents);
  fs.writeFileSync(
    `${inputsPath}.${process.pid}.tmp`,
    JSON.stringify(Object.keys(result.metafile.inputs).map((input) => path.join(root, input))),
  );
  fs.renameSync(`${inputsPath}.${process.pid}.tmp`, inputsPath);
  fs.renameSync(temporary, bundlePath);
}

/**
 * The node arguments that run the CLI: the bundle, built first when missing
 * or older than a source of it. Where it cannot be written (a read-only
 * install), the CLI runs through tsx as before, only slower to start.
 */
export async function cliNodeArgs() {
  if (!isFresh()) {
    try {
      await build();
    } catch (error) {
      console.error(`breachdesk: running through tsx (could not build the CLI bundle: ${error.message})`);
      return ["--conditions=react-server", "--import", "tsx", path.join(root, "cli", "main.ts")];
    }
  }
  // Stack traces name the TypeScript sources (the bundle's inline source map).
  return ["--conditions=react-server", "--enable-source-maps", bundlePath];
}
