import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db";
import { openDriver, type SqlDriver } from "../db/driver";
import type { JobKind } from "./job-kind";
import { runJobLoops } from "./loop";

// A busy worker loop shares its process with the web server. On PGlite its
// statements run in this thread and settle as microtasks, so the loop must
// hand the event loop back between units or no request is read until the
// work runs out.
describe("the worker loop on PGlite", () => {
  let driver: SqlDriver;
  beforeAll(async () => {
    driver = await openDriver({ kind: "pglite", dataDir: null, owner: "test" });
  });
  afterAll(async () => {
    await driver.close();
  });

  it("lets timers and I/O run between units while work remains", async () => {
    const UNITS = 200;
    let done = 0;
    const controller = new AbortController();
    const kind: JobKind<number> = {
      name: "test",
      workerLabel: "test",
      drainLabel: "test-drain",
      sweeps: [],
      loops: () => 1,
      open: () => ({
        describe: "units of one statement",
        async runOne() {
          if (done === UNITS) return null;
          await driver.transaction(async (tx) => {
            await tx.query("SELECT count(*) FROM generate_series(1, 2000)");
          });
          return ++done;
        },
        hasWork: async () => done < UNITS,
        count: () => 1,
        close: () => undefined,
      }),
    };
    const running = runJobLoops({ sql: driver } as unknown as Db, kind, { signal: controller.signal });
    // What a request arriving now would need first: a turn of the event loop.
    const unitsWhenATimerRan = await new Promise<number>((resolve) => setTimeout(() => resolve(done), 0));
    controller.abort();
    await running;
    expect(unitsWhenATimerRan).toBeLessThan(UNITS);
    expect(unitsWhenATimerRan).toBeGreaterThan(0);
  });
});
