import { z } from "zod";
import { ActionResult } from "../action-result";

// The wire shapes of the timeline's forms, shared by the server actions and the components.

/** A new timeline API token: its secret, shown once. */
export const CreateTokenResult = z.intersection(ActionResult, z.object({ token: z.string().optional() }));
export type CreateTokenResult = z.infer<typeof CreateTokenResult>;
