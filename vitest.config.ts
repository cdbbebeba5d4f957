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
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["server/**/*.int.test.ts", "cli/**/*.int.test.ts", "test/**/*.int.test.ts", "tools/**/*.int.test.ts"],
          // Files share one PostgreSQL database: run them one at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
