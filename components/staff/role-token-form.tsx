"use client";

import { startTransition, useActionState, type FormEvent } from "react";
import { ROLE_LABELS, ROLES } from "@/lib/auth/permissions";
import { isRevoked, NewTokenSecret } from "../timeline/api-token-forms";
import {
  Field,
  FormStatus,
  TokenExpiryField,
  fieldError,
  inputClass,
  invalidProps,
  primaryButton,
} from "../timeline/form-field";

import type { CreateRoleTokenResult } from "@/lib/auth/contracts";
import { SubmitButton } from "../ui/submit-button";

type Action = (previous: CreateRoleTokenResult | null, formData: FormData) => Promise<CreateRoleTokenResult>;

/** Creates an API token with a role; the secret is shown this once, with a first request to try it. */
export function CreateRoleTokenForm({
  action,
  incidents,
  apiBase,
  revokedPrefixes,
}: {
  action: Action;
  incidents: string[];
  apiBase: string;
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
    <div className="space-y-4">
      <form
        method="post"
        onSubmit={onSubmit}
        noValidate
        className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4"
        aria-label="Create an API token"
      >
        <Field id="rt-name" label="Name (the system that will use it)" error={fieldError(state, "name")}>
          <input
            id="rt-name"
            name="name"
            required
            placeholder="SOAR playbooks"
            className={inputClass}
            {...invalidProps("rt-name", fieldError(state, "name"))}
          />
        </Field>
        <Field id="rt-role" label="Acts as" error={fieldError(state, "role")}>
          <select id="rt-role" name="role" defaultValue="manager" className={inputClass}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </select>
        </Field>
        <Field id="rt-incident" label="Incident" error={fieldError(state, "incident")}>
          <select id="rt-incident" name="incident" defaultValue="" className={inputClass}>
            <option value="">Every incident</option>
            {incidents.map((slug) => (
              <option key={slug} value={slug}>
                {slug}
              </option>
            ))}
          </select>
        </Field>
        <TokenExpiryField id="rt-expiry" state={state} />
        <div className="flex items-center gap-3 sm:col-span-2 lg:col-span-4">
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
          testId="new-role-token"
          example={`curl ${apiBase}/api/v1/incidents${state.incident ? `/${state.incident}/timeline` : ""} -H "Authorization: Bearer ${state.token}"`}
        />
      ) : null}
    </div>
  );
}
