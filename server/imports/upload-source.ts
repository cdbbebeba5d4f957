import "server-only";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { env } from "../env";
import { AppError } from "../errors";
import { assertDeclaredLengthWithin, limitBytes } from "../http/read-limited-body";

/**
 * A request body as the async iterable of Buffers the parsers read, streamed,
 * never buffered whole. Bodies over BREACHDESK_MAX_UPLOAD_BYTES are refused
 * with 413: by their Content-Length at once, else as soon as the bytes arrive.
 */
export function requestBodySource(
  request: Request,
  maxBytes: number = env().BREACHDESK_MAX_UPLOAD_BYTES,
): { source: AsyncIterable<Buffer>; bytesTotal: number | null } {
  assertDeclaredLengthWithin(request, maxBytes);
  if (!request.body) throw new AppError("VALIDATION", "The upload is empty: choose a file.");
  const length = Number(request.headers.get("content-length"));
  return {
    source: limitBytes(Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>), maxBytes),
    bytesTotal: Number.isFinite(length) && length > 0 ? length : null,
  };
}
