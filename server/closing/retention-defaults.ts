import type { Retention } from "../../lib/closing/retention";
import { env } from "../env";

/** The schedule a close proposes unless the requester chooses another (configuration: server/env.ts). */
export function retentionDefaults(): Retention {
  const e = env();
  return { pseudonymiseDays: e.BREACHDESK_RETENTION_PSEUDONYMISE_DAYS, eraseDays: e.BREACHDESK_RETENTION_ERASE_DAYS };
}
