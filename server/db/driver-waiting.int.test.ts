import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "./create-prisma";
import { openDriver, type SqlDriver } from "./driver";

// The worker loop pauses after a unit on PGlite only when someone waits for
// the one connection: the driver must see its own calls and Prisma's.
describe("the PGlite driver's waiting()", () => {
  let driver: SqlDriver;
  beforeAll(async () => {
    driver = await openDriver({ kind: "pglite", dataDir: null, owner: "test" });
  });
  afterAll(async () => {
    await driver.close();
  });

  function gate(): { opened: Promise<void>; open(): void } {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    return { opened, open };
  }

  /**
   * Runs a unit that holds the connection while `queue` starts a call behind
   * it, and answers whether the driver counted that call once it had the
   * connection in turn (the call says when with `entered`, then holds it until
   * `until`), or, for a call that never reaches the driver, after the unit.
   */
  async function seenAfterUnit(queue: (entered: () => void, until: Promise<void>) => Promise<unknown>): Promise<boolean> {
    const inside = gate();
    const held = gate();
    const unit = driver.transaction(async (tx) => {
      await tx.query("SELECT 1");
      inside.open();
      await held.opened;
    });
    await inside.opened;
    const entered = gate();
    const later = gate();
    const queued = queue(entered.open, later.opened);
    held.open();
    await unit;
    // A call that reaches the driver enters once the unit is done; one that never does, never.
    await Promise.race([entered.opened, queued]);
    const waiting = driver.waiting();
    later.open();
    await queued;
    return waiting;
  }

  it("is false when idle, and true while a call of the driver's or of Prisma's is queued behind a unit or holds the connection", async () => {
    expect(driver.waiting()).toBe(false);
    expect(
      await seenAfterUnit((entered, until) =>
        driver.transaction(async () => {
          entered();
          await until;
        }),
      ),
    ).toBe(true);
    const prisma = createPrisma(driver);
    expect(
      await seenAfterUnit((entered, until) =>
        prisma.$transaction(async (tx) => {
          await tx.$queryRawUnsafe("SELECT 1");
          entered();
          await until;
        }),
      ),
    ).toBe(true);
    expect(await seenAfterUnit(async () => undefined)).toBe(false);
    expect(driver.waiting()).toBe(false);
    await prisma.$disconnect();
  });
});
