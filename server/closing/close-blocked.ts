import type { CloseChecklist } from "../../lib/closing/checklist";
import { AppError } from "../errors";

/** The checklist failed where a close was asked for or approved: CONFLICT, naming what blocks it. */
export function closeBlockedError(checklist: CloseChecklist, verb: "requested" | "approved"): AppError {
  const failing = checklist.items.filter((i) => !i.ok).map((i) => `${i.label}: ${i.detail}`);
  return new AppError("CONFLICT", `The incident cannot be closed yet, so the close cannot be ${verb}. ${failing.join(" ")}`);
}
