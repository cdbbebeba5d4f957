import { expirySweep } from "../jobs/four-eyes-flow";
import type { Sweep } from "../jobs/sweeps";
import { closeRequests } from "./close-requests";

/** Close requests nobody approved in time expire, on the timeline and audited, like other requests. */
export const closingSweeps: readonly Sweep[] = [expirySweep("closeRequests", closeRequests)];
