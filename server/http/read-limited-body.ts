import "server-only";
import { DEFAULT_MAX_BODY_BYTES } from "../api/operation";
import { AppError } from "../errors";

export { DEFAULT_MAX_BODY_BYTES };

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
  const chunks: Buffer[] = [];
  for await (const chunk of readLimitedChunks(request, maxBytes)) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The body's bytes as they arrive, never more than `maxBytes`: a declared
 * length over the limit is refused before the first read, a stream that runs
 * past it is cancelled at once.
 */
async function* readLimitedChunks(request: Request, maxBytes: number): AsyncGenerator<Buffer> {
  assertDeclaredLengthWithin(request, maxBytes);
  if (!request.body) return;
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
  let finished = false;
  try {
    yield* limitBytes(stream, maxBytes);
    finished = true;
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
  }
}

/** The body as a stream of at most `maxBytes` (for parsers that take a stream, such as a form's). */
export function limitedBodyStream(request: Request, maxBytes: number): ReadableStream<Uint8Array> {
  assertDeclaredLengthWithin(request, maxBytes);
  const chunks = readLimitedChunks(request, maxBytes);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
