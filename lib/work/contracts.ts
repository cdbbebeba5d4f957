import { z } from "zod";

/** What a progress bar's poll answers: the live view of the work, or why not. */
export function pollResult<V extends z.ZodType>(view: V) {
  return z.discriminatedUnion("ok", [
    z.object({ ok: z.literal(true), view }),
    z.object({ ok: z.literal(false), message: z.string() }),
  ]);
}
export type PollResult<V> = { ok: true; view: V } | { ok: false; message: string };
