import { evaluateCloseChecklist, type CloseChecklist } from "../../lib/closing/checklist";
import type { Db } from "../db";
import { readCloseFacts } from "./sql/read-close-facts";

/** The close checklist of an incident as it stands at `at`. */
export async function getCloseChecklist(db: Db, incidentId: string, at = new Date()): Promise<CloseChecklist> {
  return evaluateCloseChecklist(await readCloseFacts(db.sql, incidentId, at));
}
