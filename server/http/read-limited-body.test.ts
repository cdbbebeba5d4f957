import { describe, expect, it } from "vitest";
import { assertDeclaredLengthWithin, limitBytes, readLimitedText } from "./read-limited-body";

function streamOf(chunks: number, size: number, pulled: { count: number }): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.count >= chunks) return controller.close();
      pulled.count += 1;
      controller.enqueue(new Uint8Array(size).fill(97));
    },
  });
}

describe("request body limits", () => {
  it("refuses a declared Content-Length over the limit with 413 before reading", () => {
    const request = new Request("http://x/", { method: "POST", body: "x", headers: { "content-length": "1000001" } });
    expect(() => assertDeclaredLengthWithin(request, 1_000_000)).toThrow(expect.objectContaining({ status: 413 }));
    expect(() => assertDeclaredLengthWithin(new Request("http://x/"), 10)).not.toThrow();
  });

  it("stops a stream that sends more than the limit, without reading the rest", async () => {
    const pulled = { count: 0 };
    const request = new Request("http://x/", {
      method: "POST",
      body: streamOf(1000, 1024, pulled),
      duplex: "half",
    } as RequestInit);
    await expect(readLimitedText(request, 4096)).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE", status: 413 });
    expect(pulled.count).toBeLessThan(10);
  });

  it("reads a body within the limit as UTF-8", async () => {
    const request = new Request("http://x/", { method: "POST", body: JSON.stringify({ title: "café" }) });
    expect(JSON.parse(await readLimitedText(request, 100))).toEqual({ title: "café" });
  });

  it("limits async iterables (uploads) too", async () => {
    async function* chunks() {
      for (let i = 0; i < 100; i++) yield Buffer.alloc(1000);
    }
    let read = 0;
    await expect(
      (async () => {
        for await (const chunk of limitBytes(chunks(), 5000)) read += chunk.length;
      })(),
    ).rejects.toMatchObject({ status: 413 });
    expect(read).toBe(5000);
  });
});
