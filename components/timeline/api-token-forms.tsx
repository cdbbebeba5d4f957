"use client";

import { startTransition, useActionState, type FormEvent } from "react";
import type { FormAction } from "@/lib/action-result";
import { useFormAction } from "../ui/use-form-action";
import { SubmitButton } from "../ui/submit-button";
import { Field, FormStatus, TokenExpiryField, fieldError, inputClass, invalidProps, primaryButton } from "./form-field";
import type { CreateTokenResult } from "@/lib/timeline/contracts";

/** What creating a token returns: the secret, shown this once. */
export type CreateTokenAction = (previous: CreateTokenResult | null, formData: FormData) => Promise<CreateTokenResult>;

export function CreateApiTokenForm({
  slug,
  action,
  apiUrl,
  revokedPrefixes,
}: {
  slug: string;
  action: CreateTokenAction;
  apiUrl: string;
  /** The prefixes of revoked tokens: a secret still on screen whose token was revoked is taken away. */
  revokedPrefixes: readonly string[];
}) {
  const [state, dispatch, pending] = useActionState(action, null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  };
  return (
    <div className="space-y-3">
      <form method="post" onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Create an API token">
        <input type="hidden" name="slug" value={slug} />
        <Field id="token-name" label="Name (the system that will use it)" error={fieldError(state, "name")}>
          <input
            id="token-name"
            name="name"
            required
            placeholder="SIEM"
            className={inputClass}
            {...invalidProps("token-name", fieldError(state, "name"))}
          />
        </Field>
        <label className="flex items-center gap-2 text-xs text-slate-700">
          <input type="checkbox" name="allIncidents" value="1" className="rounded border-slate-300" />
          Valid for every incident (otherwise only this one)
        </label>
        <label className="flex items-center gap-2 text-xs text-slate-700">
          <input type="checkbox" name="milestones" value="1" className="rounded border-slate-300" />
          May set milestones (e.g. regulator notified, which meets the 72-hour obligation)
        </label>
        <TokenExpiryField id="token-expiry" state={state} />
        <div className="flex items-center gap-3">
          <SubmitButton disabled={pending} className={primaryButton}>
            {pending ? "Creating…" : "Create token"}
          </SubmitButton>
          {state && !state.token ? <FormStatus state={state} /> : null}
        </div>
      </form>
      {state?.token ? (
        <NewTokenSecret
          message={state.message}
          token={state.token}
          revoked={isRevoked(state.token, revokedPrefixes)}
          testId="new-api-token"
          example={`curl -X POST ${apiUrl} \\\n  -H "Authorization: Bearer ${state.token}" \\\n  -H "Idempotency-Key: <unique id>" \\\n  -H "Content-Type: application/json" \\\n  -d '{"occurredAt":"2019-11-07T09:12:00Z","category":"detection","title":"..."}'`}
        />
      ) : null}
    </div>
  );
}

/** Whether the token a secret belongs to is among the revoked (tokens are listed by their first characters). */
export function isRevoked(token: string, revokedPrefixes: readonly string[]): boolean {
  return revokedPrefixes.some((prefix) => token.startsWith(prefix));
}

/**
 * A token's secret, shown once after it was created, with a first request to
 * try it; once the token is revoked (in the list beside it) the secret is
 * taken off the screen, so nobody copies a value that no longer works.
 */
export function NewTokenSecret({
  message,
  token,
  example,
  testId,
  revoked,
}: {
  message: string;
  token: string;
  example: string;
  testId: string;
  revoked: boolean;
}) {
  if (revoked) {
    return (
      <p role="status" className="rounded-md bg-slate-50 p-3 text-xs text-slate-700 ring-1 ring-inset ring-slate-200" data-testid={`${testId}-revoked`}>
        Token {token.slice(0, 10)}… was revoked: its value is no longer shown, and it no longer works.
      </p>
    );
  }
  return (
    <div className="space-y-2 rounded-md bg-amber-50 p-3 text-xs text-amber-900 ring-1 ring-inset ring-amber-200">
      <p aria-live="polite" className="font-semibold">
        {message} Copy it now: it is not shown again.
      </p>
      <code data-testid={testId} className="block break-all rounded bg-white px-2 py-1.5 font-mono text-slate-900">
        {token}
      </code>
      <pre className="overflow-x-auto whitespace-pre-wrap break-all rounded bg-white px-2 py-1.5 font-mono text-[11px] text-slate-700">
        {example}
      </pre>
    </div>
  );
}

export function RevokeApiTokenButton({
  slug,
  tokenId,
  name,
  action,
}: {
  slug: string;
  tokenId: string;
  name: string;
  action: FormAction;
}) {
  const [state, onSubmit, pending] = useFormAction(action);
  return (
    <form method="post" onSubmit={onSubmit} className="inline-flex items-center gap-2">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="tokenId" value={tokenId} />
      <SubmitButton
        disabled={pending}
        className="text-xs font-semibold text-red-700 hover:text-red-600 disabled:opacity-60"
      >
        {pending ? "Revoking…" : "Revoke"}
        <span className="sr-only"> {name}</span>
      </SubmitButton>
      {state?.ok === false ? <span className="text-xs text-red-600">{state.message}</span> : null}
    </form>
  );
}
