import "server-only";
import { firstActionFrom, headlineFrom } from "../../lib/remediation-charts/derive";
import type { HeadlineNumbers } from "../../lib/remediation-charts/types";
import type { Db } from "../db";
import { countRemediationStatus } from "./count-remediation-status";

/** The remediation's headline numbers alone (the overview's card): one of the remediation page's queries. */
export async function getRemediationHeadline(
  db: Db,
  incident: { id: string; awareAt: Date },
): Promise<{ headline: HeadlineNumbers; medianHours: number | null }> {
  const groups = await countRemediationStatus(db.sql, incident);
  return { headline: headlineFrom(groups), medianHours: firstActionFrom(groups).medianHours };
}
