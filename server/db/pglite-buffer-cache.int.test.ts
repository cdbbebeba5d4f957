import { describe, expect, it } from "vitest";
import { openDriver } from "./driver";

// The app's server gives PGlite a larger buffer cache than PGlite's own
// (scripts/serve.mjs); PGlite must start with the size asked for, and with its
// default when none is.
describe("PGlite's buffer cache", () => {
  async function sharedBuffers(sharedBuffersMb?: number): Promise<string> {
    const driver = await openDriver({ kind: "pglite", dataDir: null, owner: "test", sharedBuffersMb });
    try {
      const [row] = await driver.query<{ shared_buffers: string }>("SHOW shared_buffers");
      return row!.shared_buffers;
    } finally {
      await driver.close();
    }
  }

  it("is the size asked for, else PGlite's 128 MB", async () => {
    expect(await sharedBuffers(48)).toBe("48MB");
    expect(await sharedBuffers()).toBe("128MB");
  });
});
