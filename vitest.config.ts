import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "server-only": path.resolve(import.meta.dirname, "test/server-only-stub.ts"),
  "@": import.meta.dirname,
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: [
            "lib/**/*.test.ts",
            "server/**/*.test.ts",
            "cli/**/*.test.ts",
            "scripts/**/*.test.ts",
            "test/**/*.test.ts",
            "tools/**/*.test.ts",
          ],
          exclude: ["**/*.int.test.ts"],
          setupFiles: ["test/fast-check-seed.ts"],
          // A few unit tests run a whole tool (the OpenAPI linters, a JSON
          // Schema compile of the API document, property tests): seconds on a
          // quiet machine, more when the end-to-end build runs beside them.
          testTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          // One audit key for the test process and the CLI and worker processes it starts (without
          // it each would derive its own from the auth secret in its own data folder).
          env: { BREACHDESK_AUDIT_KEY: "integration-test-audit-key-not-a-secret-0123456789" },
          include: ["server/**/*.int.test.ts", "cli/**/*.int.test.ts", "test/**/*.int.test.ts", "tools/**/*.int.test.ts"],
          // Migrated template databases, which each test's database starts as (test/db.ts).
          globalSetup: ["test/global-setup.ts"],
          // Two files at a time: each test gets databases of its own (test/db.ts), and
          // the crash tests spend much of their time waiting on the processes they start.
          // No more than two: those processes need the cores as well.
          maxWorkers: 2,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
