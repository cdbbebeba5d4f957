/** What every server action returns to its form. */
export type ActionResult =
  | { ok: true; message: string }
  | { ok: false; message: string; fieldErrors?: Record<string, string>; stepUp?: StepUpMethod };

/** How to confirm a sensitive action (step-up): a TOTP or recovery code, or signing in again at the identity provider. */
export type StepUpMethod = { method: "totp" } | { method: "sso"; provider: string };

export type FormAction = (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;
