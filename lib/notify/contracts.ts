import { z } from "zod";
import { pollResult } from "../work/contracts";

// The wire shapes of customer notices, shared by the server actions and the components.

const NOTICE_STATUSES = ["pending_approval", "rejected", "expired", "running", "paused", "cancelled", "completed"] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** What the progress bar needs of a campaign: plain JSON. */
export const NoticeLiveView = z.object({
  status: z.enum(NOTICE_STATUSES),
  total: z.number(),
  sent: z.number(),
  bounced: z.number(),
  failed: z.number(),
  inDoubt: z.number(),
  cancelled: z.number(),
  deferred: z.number(),
});
export type NoticeLiveView = z.infer<typeof NoticeLiveView>;

export const NoticePollResult = pollResult(NoticeLiveView);
export type NoticePollResult = z.infer<typeof NoticePollResult>;
