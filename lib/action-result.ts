import { z } from "zod";

// What a server action answers its form: the wire contract every action
// shares (server/action.ts builds the failures). Results that carry more
// (a new id, a preview) extend ActionSuccess in lib/<domain>/contracts.ts.

/** How to confirm a sensitive action (step-up): a TOTP or recovery code, or signing in again at the identity provider. */
export const StepUpMethod = z.discriminatedUnion("method", [
  z.object({ method: z.literal("totp") }),
  z.object({ method: z.literal("sso"), provider: z.string() }),
]);
export type StepUpMethod = z.infer<typeof StepUpMethod>;

/** A refusal or failure: the message to show, the fields it names, the step-up it asks for, the error's code. */
export const ActionFailure = z.object({
  ok: z.literal(false),
  message: z.string(),
  fieldErrors: z.record(z.string(), z.string()).optional(),
  stepUp: StepUpMethod.optional(),
  code: z.string().optional(),
});
export type ActionFailure = z.infer<typeof ActionFailure>;

/** A failure with its message only: what polls and previews show. */
export const ActionMessageFailure = ActionFailure.pick({ ok: true, message: true });
export type ActionMessageFailure = z.infer<typeof ActionMessageFailure>;

const ActionSuccess = z.object({ ok: z.literal(true), message: z.string() });

/** What every form action returns. */
export const ActionResult = z.union([ActionSuccess, ActionFailure]);
export type ActionResult = z.infer<typeof ActionResult>;

export type FormAction = (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;
