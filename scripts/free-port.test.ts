import net from "node:net";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { e2ePort } from "./free-port";

describe("e2ePort", () => {
  it("picks a free port when none is asked for", async () => {
    const port = e2ePort(undefined);
    expect(port).toBeGreaterThan(0);
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve));
    await new Promise((resolve) => server.close(resolve));
  });

  it("fails with a message naming a port another program holds", async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(() => e2ePort(String(port))).toThrow(new RegExp(`E2E_PORT ${port} is in use`));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("rejects a value that is not a port", () => {
    expect(() => e2ePort("http")).toThrow(/not a port number/);
  });
});
