import { z } from "zod";
import { ActionFailure, ActionResult } from "../action-result";

// The wire shapes of the sign-in and API-token forms, shared by the server actions and the components.

/** A new role token: its secret, shown once, and the incident it is limited to. */
export const CreateRoleTokenResult = z.intersection(
  ActionResult,
  z.object({ token: z.string().optional(), incident: z.string().nullable().optional() }),
);
export type CreateRoleTokenResult = z.infer<typeof CreateRoleTokenResult>;

/** An authenticator app set up: the recovery codes, shown once. */
export const EnrolmentResult = z.union([
  z.object({ ok: z.literal(true), recoveryCodes: z.array(z.string()) }),
  ActionFailure,
]);
export type EnrolmentResult = z.infer<typeof EnrolmentResult>;
