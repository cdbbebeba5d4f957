/** What every server action returns to its form. */
export type ActionResult =
  { ok: true; message: string } | { ok: false; message: string; fieldErrors?: Record<string, string> };

export type FormAction = (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;
