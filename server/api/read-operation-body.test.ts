import { z } from "zod";
import { describe, expect, it } from "vitest";
import { defineOperation } from "./operation";
import { readOperationBody } from "./read-operation-body";

const operation = defineOperation({
  method: "POST",
  path: "/test",
  operationId: "testListUpload",
  tag: "Test",
  summary: "A test operation.",
  auth: { kind: "staff", permission: "bulk.request" },
  body: z.object({ kind: z.string(), accountIds: z.array(z.string()).optional() }),
  maxBodyBytes: 1024,
  listUpload: { field: "accountIds", maxBytes: 8 * 1024, description: "ids" },
  retry: "no-side-effect",
  responses: { 200: { description: "ok" } },
});

function endless(prefix: string, pulled: { count: number }): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        pulled.count += 1;
        controller.enqueue(new TextEncoder().encode(pulled.count === 1 ? prefix : "A1\n".repeat(100)));
      },
    },
    { highWaterMark: 0 },
  );
}

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://x/", { method: "POST", body, headers, duplex: "half" } as RequestInit);

describe("reading an operation's body", () => {
  it("cuts off an endless multipart upload at its limit (413)", async () => {
    const pulled = { count: 0 };
    const prefix = '--b\r\nContent-Disposition: form-data; name="accountIds"; filename="ids.csv"\r\n\r\n';
    const request = post(endless(prefix, pulled), { "content-type": "multipart/form-data; boundary=b" });
    await expect(readOperationBody(operation, request)).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE", status: 413 });
    expect(pulled.count).toBeLessThan(40);
  });

  it("reads the ids of an upload line by line: CRLF, blank lines, a header line and quotes", async () => {
    const form = new FormData();
    form.append("request", JSON.stringify({ kind: "reset" }));
    form.append("accountIds", new Blob(['account_id\r\n"A1"\r\n\r\nA2\nA3']), "ids.csv");
    expect(await readOperationBody(operation, post(form))).toEqual({ kind: "reset", accountIds: ["A1", "A2", "A3"] });
  });

  it("holds JSON to the operation's own limit", async () => {
    const json = JSON.stringify({ kind: "reset", accountIds: Array.from({ length: 200 }, (_, i) => `A${i}`) });
    await expect(readOperationBody(operation, post(json))).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });
});
