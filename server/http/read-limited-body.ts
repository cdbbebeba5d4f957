import "server-only";
import { AppError } from "../errors";

function tooLarge(maxBytes: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `The request body is too large (at most ${maxBytes} bytes).`, {
    body: `at most ${maxBytes} bytes`,
  });
}

/** Refuses a request whose declared length is over the limit, before a byte of the body is read. */
export function assertDeclaredLengthWithin(request: Request, maxBytes: number): void {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) throw tooLarge(maxBytes);
}

/**
 * Passes a body stream through, failing with PAYLOAD_TOO_LARGE as soon as more
 * than `maxBytes` have arrived: a missing or false Content-Length does not let
 * a client send more.
 */
export async function* limitBytes(source: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Buffer> {
  let seen = 0;
  for await (const chunk of source) {
    seen += chunk.byteLength;
    if (seen > maxBytes) throw tooLarge(maxBytes);
    yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}

/** A small body (JSON) read as UTF-8 text, never more than `maxBytes` of it. */
export async function readLimitedText(request: Request, maxBytes: number): Promise<string> {
  assertDeclaredLengthWithin(request, maxBytes);
  if (!request.body) return "";
  const chunks: Buffer[] = [];
  const reader = request.body.getReader();
  const stream = {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const next = await reader.read();
        if (next.done) return;
        yield next.value;
      }
    },
  };
  try {
    for await (const chunk of limitBytes(stream, maxBytes)) chunks.push(chunk);
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  }
  return Buffer.concat(chunks).toString("utf8");
}
