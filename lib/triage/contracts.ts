import { z } from "zod";

// The wire shapes of the triage table's selection, shared by the server action and the selection bar.

/** The exact count of a selection and its first rows. */
export const SelectionPreviewResult = z.discriminatedUnion("ok", [
  z.object({
    ok: z.literal(true),
    count: z.number(),
    first: z.array(z.object({ triageId: z.number(), accountId: z.string().nullable() })),
  }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
export type SelectionPreviewResult = z.infer<typeof SelectionPreviewResult>;
