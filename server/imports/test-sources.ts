/** An import's source as an upload delivers it: `text` in chunks of `size` bytes (one, for a short text). */
export async function* chunks(text: string | Buffer, size = 4096): AsyncGenerator<Buffer> {
  const buffer = Buffer.isBuffer(text) ? text : Buffer.from(text, "utf8");
  for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
}
