import "server-only";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { AppError } from "../errors";

/** A request body as the async iterable of Buffers the parsers read, streamed, never buffered whole. */
export function requestBodySource(request: Request): { source: AsyncIterable<Buffer>; bytesTotal: number | null } {
  if (!request.body) throw new AppError("VALIDATION", "The upload is empty: choose a file.");
  const length = Number(request.headers.get("content-length"));
  return {
    source: Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>),
    bytesTotal: Number.isFinite(length) && length > 0 ? length : null,
  };
}
