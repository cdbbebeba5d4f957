import type { PackReason } from "./manifest";

/** A stored pack as the report page and the API list it (never its bytes). */
export type EvidencePackView = {
  id: string;
  madeAt: string;
  reason: PackReason;
  bytes: number;
  sha256: string;
  /** Who asked for it; null when made at close or after erasure by the worker. */
  madeBy: string | null;
};

export const PACK_REASON_LABELS: Record<PackReason, string> = {
  close: "At close",
  erasure: "After forgetting (with the certificate of erasure)",
  on_demand: "On demand",
};
