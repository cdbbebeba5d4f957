import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Which layer may import which (see HOUSE_STYLE.md): only server/ touches the
// database; components/ and lib/ never import server code; configuration is
// read in server/env.ts alone.
const DATABASE_MODULES = [
  {
    group: ["@prisma/*", "pg", "@electric-sql/*", "pglite-prisma-adapter", "**/db/generated/**"],
    message: "Only server/ may touch the database.",
  },
];
const SERVER_MODULES = [
  {
    group: ["@/server/*", "**/server/*", "**/server/**"],
    message: "components/ and lib/ must not import server code: pass data or server actions as props.",
  },
];

// server/workers composes every kind of leased work with the kernel: only entry
// points (instrumentation, the CLI, the seed, tests) import it.
const NO_WORKERS = [
  {
    group: ["**/workers/*", "@/server/workers/*"],
    message: "Only entry points (instrumentation, the CLI, the seed, tests) start workers.",
  },
];

// Each kind of leased work is one folder that imports nothing from another
// kind's: what two kinds share lives in the kernel (server/jobs) or in a
// neutral module (server/triage/selection-sql.ts, server/audit).
const KIND_FOLDERS = ["remediation", "notify", "siem", "forget", "events/delivery"];
const otherKinds = (own) =>
  KIND_FOLDERS.filter((kind) => kind !== own).map((kind) => ({
    group: [`../${kind}/*`, `../../${kind}/*`, `@/server/${kind}/*`],
    message: `server/${own} must not import server/${kind}: move what both kinds use to server/jobs or a neutral module.`,
  }));

const config = [
  {
    ignores: [
      ".next*/**",
      "node_modules/**",
      "server/db/generated/**",
      ".data/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through server/env.ts." },
      ],
    },
  },
  {
    files: ["app/**", "components/**", "lib/**", "cli/**"],
    rules: { "no-restricted-imports": ["error", { patterns: DATABASE_MODULES }] },
  },
  {
    // app/ hands the database handle to server/ data functions and never
    // reaches into it: no Prisma models, no SQL, under app/.
    files: ["app/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[property.name=/^(prisma|sql)$/]",
          message: "app/ must not touch the database: call a data function under server/ with the Db handle.",
        },
        {
          selector:
            "MemberExpression[property.name=/^\\$(queryRaw|queryRawUnsafe|executeRaw|executeRawUnsafe|transaction)$/]",
          message: "app/ must not touch the database: call a data function under server/ with the Db handle.",
        },
      ],
    },
  },
  {
    files: ["components/**", "lib/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            ...DATABASE_MODULES,
            ...SERVER_MODULES,
            { group: ["next/*", "react", "react-dom"], message: "lib/ is framework-free." },
          ],
        },
      ],
    },
  },
  {
    files: ["components/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [...DATABASE_MODULES, ...SERVER_MODULES] }] },
  },
  {
    // Domains never reach back into the place that composes them.
    files: ["server/**"],
    ignores: ["server/workers/**", "server/seed/**", "server/**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: NO_WORKERS }],
    },
  },
  ...KIND_FOLDERS.map((kind) => ({
    files: [`server/${kind}/**`],
    // Tests may borrow another kind's fixtures.
    ignores: ["server/**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [...NO_WORKERS, ...otherKinds(kind)] }] },
  })),
  {
    // The work kernel imports no domain: each kind of leased work plugs into it
    // (server/workers/work.ts hands the kinds over), so no import circle can form.
    files: ["server/jobs/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            ...NO_WORKERS,
            {
              group: [
                "../*",
                "!../db",
                "!../db/*",
                "!../env",
                "!../errors",
                "!../audit",
                "../audit/*",
                "!../audit/record-audit",
                "@/server/*",
                "!@/server/db",
                "!@/server/db/*",
                "!@/server/env",
                "!@/server/errors",
                "!@/server/audit",
                "@/server/audit/*",
                "!@/server/audit/record-audit",
              ],
              // The audit log is the kernel's too: the request flow writes each step's entry.
              message:
                "server/jobs may import only server/db, server/env, server/errors and server/audit/record-audit: domains plug into the kernel, not the reverse.",
            },
          ],
        },
      ],
    },
  },
  {
    // Configuration files, scripts and test harnesses read the environment directly.
    files: [
      "server/env.ts",
      "instrumentation.ts",
      "*.config.*",
      "scripts/**",
      "e2e/**",
      "test/**",
      "bench/**",
      "bin/**",
      "prisma.config.ts",
    ],
    rules: { "no-restricted-properties": "off" },
  },
];

export default config;
