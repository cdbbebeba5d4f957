"use client";

import type { ActionResult } from "@/lib/action-result";
import { FourEyesControls } from "../work/four-eyes-controls";

/** Approve (with the step-up prompt) or reject a close request; the requester sees "awaiting approval". */
export function CloseRequestControls({
  isRequester,
  approve,
  reject,
  schedule,
}: {
  isRequester: boolean;
  approve: (note: string, secondFactorCode?: string) => Promise<ActionResult>;
  reject: (reason: string) => Promise<ActionResult>;
  schedule: string;
}) {
  return (
    <FourEyesControls
      label="Close request controls"
      pendingApproval
      isRequester={isRequester}
      approve={{
        action: approve,
        consequence: "Approving closes the incident now: it becomes read-only, and its retention schedule starts.",
        summary: schedule,
        confirm: "Approve and close",
      }}
      reject={{ action: reject, confirm: "Reject the close" }}
    />
  );
}
