"use client";

import type { ButtonHTMLAttributes } from "react";
import { useHydrated } from "./use-hydrated";

/**
 * The submit button of a form that submits from its own onSubmit handler
 * (useFormAction, or a handler of the form's). Until React has hydrated the
 * form there is no handler: a click, or Enter in a field (a disabled default
 * button stops implicit submission), would post the form natively to the page,
 * which reloads and drops what was typed. So it stays disabled until then.
 * `disabled` is the form's own reason (pending, nothing to save), kept apart
 * from hydration so that the server's HTML shows the normal label.
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
