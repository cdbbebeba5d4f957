import type { TimelineMilestoneName } from "./categories";
import type { ObligationStatus } from "./obligation-status";

/** A notification obligation as pages show it. */
export type ObligationView = {
  /** "gdpr-art-33" for the built-in one. */
  id: string;
  builtIn: boolean;
  title: string;
  authority: string;
  dueAt: string;
  metByMilestone: TimelineMilestoneName | null;
  status: ObligationStatus;
  metAt: string | null;
  /** How it was met: by reaching its milestone, or marked met by someone. */
  metVia: "milestone" | "marked" | null;
  metNote: string | null;
  metBy: string | null;
  /** Waived instead (judged not to apply), with the reason. */
  waivedAt: string | null;
  waivedReason: string | null;
};
