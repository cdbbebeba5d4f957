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

  /** Runs a unit that holds the connection while `queue` starts a call behind it; whether the driver then saw someone waiting. */
  async function waitingAfterUnit(queue: (until: Promise<void>) => Promise<unknown>): Promise<boolean> {
    const inside = gate();
    const held = gate();
    const unit = driver.transaction(async (tx) => {
      await tx.query("SELECT 1");
      inside.open();
      await held.opened;
    });
    await inside.opened;
    // The queued call holds the connection in turn until `later` opens, so
    // that what the loop would see after its unit is not a race.
    const later = gate();
    const queued = queue(later.opened);
    // Prisma takes a few turns before it reaches the connection's queue.
    await new Promise((resolve) => setTimeout(resolve, 50));
    held.open();
    await unit;
    const waiting = driver.waiting();
    later.open();
    await queued;
    return waiting;
  }

  it("is false when idle, and true after a unit while a call of the driver's or of Prisma's is queued behind it", async () => {
    expect(driver.waiting()).toBe(false);
    expect(await waitingAfterUnit((until) => driver.transaction(() => until))).toBe(true);
    const prisma = createPrisma(driver);
    expect(
      await waitingAfterUnit((until) =>
        prisma.$transaction(async (tx) => {
          await tx.$queryRawUnsafe("SELECT 1");
          await until;
        }),
      ),
    ).toBe(true);
    expect(await waitingAfterUnit(async () => undefined)).toBe(false);
    expect(driver.waiting()).toBe(false);
    await prisma.$disconnect();
  });
});
