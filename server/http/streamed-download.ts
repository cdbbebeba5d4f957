import "server-only";

/**
 * A download streamed from an async generator of text chunks: each chunk is
 * read when the client asks for more (memory stays flat however many rows),
 * and a client that goes away ends the generator, so its cursor or
 * transaction is released. Downloads may hold personal data: never cached.
 */
export function streamedDownload(
  chunks: AsyncGenerator<string, unknown, undefined>,
  file: { contentType: string; fileName: string; headers?: Record<string, string> },
): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "Cache-Control": "no-store",
      ...file.headers,
    },
  });
}
