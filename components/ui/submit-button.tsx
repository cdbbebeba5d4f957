"use client";

import type { ButtonHTMLAttributes } from "react";
import { useHydrated } from "./use-hydrated";

/**
 * The submit button of a form that React submits: from the form's own onSubmit
 * handler (useFormAction), or through a Server Action in `<form action>`.
 * Until React has hydrated the form, a click, or Enter in a field, would post
 * it natively: to the page, which reloads and drops what was typed, or to a
 * Server Action, which Next.js refuses as unknown (a bare error page). So it
 * stays disabled until then (a disabled default button also stops implicit
 * submission). `disabled` is the form's own reason (pending, nothing to save),
 * kept apart from hydration so that the server's HTML shows the normal label.
 */
export function SubmitButton({ disabled = false, ...props }: Omit<ButtonHTMLAttributes<HTMLButtonElement>, "type">) {
  const hydrated = useHydrated();
  return <button {...props} type="submit" disabled={disabled || !hydrated} />;
}

/**
 * A button that acts from its own onClick handler. Before hydration there is
 * no handler, and a click would silently do nothing (sign-out, a sign-in
 * redirect, a verification, a test send), so it waits the same way.
 */
export function ClickButton({ disabled = false, ...props }: Omit<ButtonHTMLAttributes<HTMLButtonElement>, "type">) {
  const hydrated = useHydrated();
  return <button {...props} type="button" disabled={disabled || !hydrated} />;
}
