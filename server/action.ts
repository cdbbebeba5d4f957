import "server-only";
import { revalidatePath } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import type { ActionFailure, ActionMessageFailure } from "../lib/action-result";
import type { Permission } from "../lib/auth/permissions";
import { actionError } from "./action-errors";
import { authorize, type CurrentUser } from "./auth/session";
import { requireRecentSecondFactor } from "./auth/step-up";
import { getDb, type Db } from "./db";
import { AppError, isAppError } from "./errors";
import { assertIncidentOpen } from "./closing/assert-incident-open";
import { getIncidentBySlugOrThrow } from "./incidents/get-incident";

type Incident = Awaited<ReturnType<typeof getIncidentBySlugOrThrow>>;

/** What the call's arguments carry: `scope` names what is acted on (from the URL), `input` what the form says. */
type RawAction = { scope?: unknown; input?: unknown };

/** A path to revalidate, or a path with Next's type ("layout": everything under it). */
type RevalidateTarget = string | { path: string; type: "layout" | "page" };

export type ActionContext<User, Scope, Input> = {
  user: User;
  /** The user as data functions record them (id and e-mail only). */
  actor: User extends { id: string; email: string } ? { id: string; email: string } : null;
  db: Db;
  scope: Scope;
  input: Input;
  /** The incident the scope's `slug` names, checked to exist; null for actions with no incident. */
  incident: Scope extends { slug: string } ? Incident : null;
  /** The step-up check with the code typed into the prompt (the input's `secondFactorCode`). */
  stepUp: () => Promise<void>;
};

type Schema = z.ZodType;
/** What a scope or input schema parses to; none: undefined. */
export type ActionInput<S> = S extends z.ZodType ? z.output<S> : undefined;
type Out<S> = ActionInput<S>;

export type ActionDefinition<Args extends unknown[], User, S extends Schema | undefined, I extends Schema | undefined, R> = {
  /** Who may: a permission of the one table (lib/auth/permissions.ts), or a check of its own (a sign-in half done). */
  permission: Permission | { authenticate: () => Promise<User> };
  /** How the call's arguments become the scope and the input (FormData is read here). */
  args: (...args: Args) => RawAction;
  /** What is acted on; a `slug` in it scopes the action to that incident. Does not parse: NOT_FOUND with `notFound`. */
  scope?: S;
  notFound?: string;
  /** What the form says; does not parse: VALIDATION, with a message per field. */
  input?: I;
  /**
   * "before-run": a recent second factor is required before `run` (the input's
   * `secondFactorCode`, if any, is checked first). "by-data-function": `run`
   * hands `stepUp` to a data function that checks it at the right moment.
   */
  stepUp?: "before-run" | "by-data-function";
  /**
   * A closed incident is read-only: an action scoped to one is refused with
   * INCIDENT_CLOSED before it runs, unless it only reads (a preview, a
   * progress poll) or is meant for a closed incident (reopening): "allowed".
   */
  closedIncident?: "allowed";
  run: (context: ActionContext<User, Out<S>, Out<I>>) => Promise<R>;
  revalidate?: (context: ActionContext<User, Out<S>, Out<I>>, result: R) => RevalidateTarget[];
  /** What a failure answers: "form" the whole ActionFailure (fields, step-up, code); "message" its message only. */
  failure?: "form" | "message";
};

/**
 * The one pipeline of server actions, as operationRoute is for REST:
 * permission first (nothing is read before it), then the scope (a URL that
 * names nothing is NOT_FOUND) and its incident (closed: read-only), then the input, then
 * step-up, then `run`, then revalidation. Expected errors (AppError, an input
 * that does not parse) reach the form with their message; anything else is
 * logged and shown as a generic message with a reference.
 */
export function defineAction<
  Args extends unknown[],
  R,
  S extends Schema | undefined = undefined,
  I extends Schema | undefined = undefined,
  User = CurrentUser,
>(definition: ActionDefinition<Args, User, S, I, R> & { failure?: "form" }): (...args: Args) => Promise<R | ActionFailure>;
export function defineAction<
  Args extends unknown[],
  R,
  S extends Schema | undefined = undefined,
  I extends Schema | undefined = undefined,
  User = CurrentUser,
>(
  definition: ActionDefinition<Args, User, S, I, R> & { failure: "message" },
): (...args: Args) => Promise<R | ActionMessageFailure>;
export function defineAction<Args extends unknown[], R, S extends Schema | undefined, I extends Schema | undefined, User>(
  definition: ActionDefinition<Args, User, S, I, R>,
): (...args: Args) => Promise<R | ActionFailure | ActionMessageFailure> {
  return async (...args: Args) => {
    try {
      const { permission } = definition;
      const user = (typeof permission === "string" ? await authorize(permission) : await permission.authenticate()) as User;
      const raw = definition.args(...args);
      const scope = parseScope(definition, raw.scope);
      const db = await getDb();
      const slug = (scope as { slug?: unknown } | undefined)?.slug;
      const incident = typeof slug === "string" ? await getIncidentBySlugOrThrow(db, slug) : null;
      if (incident && definition.closedIncident !== "allowed") assertIncidentOpen(incident);
      const input = (definition.input ? definition.input.parse(raw.input) : undefined) as Out<I>;
      const code = (input as { secondFactorCode?: string | null } | undefined)?.secondFactorCode;
      const staff = user as { id?: unknown; email?: unknown };
      const context = {
        user,
        actor: typeof staff.id === "string" && typeof staff.email === "string" ? { id: staff.id, email: staff.email } : null,
        db,
        scope,
        input,
        incident,
        stepUp: () => requireRecentSecondFactor({ code }),
      } as ActionContext<User, Out<S>, Out<I>>;
      if (definition.stepUp === "before-run") await context.stepUp();
      const result = await definition.run(context);
      for (const target of definition.revalidate?.(context, result) ?? []) {
        if (typeof target === "string") revalidatePath(target);
        else revalidatePath(target.path, target.type);
      }
      return result;
    } catch (error) {
      // redirect() and notFound() are Next's control flow, not failures.
      unstable_rethrow(error);
      const failed = actionError(error);
      if (failed.ok) throw new Error("actionError answered success");
      if (definition.failure === "message") return { ok: false, message: failed.message };
      return isAppError(error) ? { ...failed, code: error.code } : failed;
    }
  };
}

function parseScope<S extends Schema | undefined>(
  definition: { scope?: S; notFound?: string },
  raw: unknown,
): Out<S> {
  if (!definition.scope) return undefined as Out<S>;
  if (definition.notFound === undefined) return definition.scope.parse(raw) as Out<S>;
  const parsed = definition.scope.safeParse(raw);
  if (!parsed.success) throw new AppError("NOT_FOUND", definition.notFound);
  return parsed.data as Out<S>;
}

/**
 * A form field as text: "" when absent or a file. A server action can be
 * called with anything (not only the form it was made for): no FormData reads
 * as an empty form, so the input's validation answers rather than a TypeError.
 */
export function formText(form: FormData, name: string): string {
  const value = form instanceof FormData ? form.get(name) : null;
  return typeof value === "string" ? value : "";
}
