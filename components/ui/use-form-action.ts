"use client";

import { startTransition, useActionState, useEffect, useRef, type FormEvent } from "react";
import type { ActionResult } from "@/lib/action-result";

/**
 * Runs a server action from a form's submit event instead of `<form action>`,
 * so React does not reset the fields afterwards: a rejected submission keeps
 * what the user typed, next to the field errors. `onSuccess` runs after each
 * accepted submission (e.g. to close the form).
 */
export function useFormAction<R extends ActionResult = ActionResult>(
  action: (previous: R | null, formData: FormData) => Promise<R>,
  onSuccess?: () => void,
): [R | null, (event: FormEvent<HTMLFormElement>) => void, boolean] {
  const [state, dispatch, pending] = useActionState(action, null);
  // Once per accepted submission, whatever the caller's callback identity.
  const latestOnSuccess = useRef(onSuccess);
  useEffect(() => {
    latestOnSuccess.current = onSuccess;
  });
  useEffect(() => {
    if (state?.ok) latestOnSuccess.current?.();
  }, [state]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  };
  return [state, onSubmit, pending];
}
