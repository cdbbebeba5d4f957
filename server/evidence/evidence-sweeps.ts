import "server-only";
import type { Db } from "../db";
import { RetryAfterFailure, type Sweep } from "../jobs/sweeps";
import { getIncidentBySlugOrThrow } from "../incidents/get-incident";
import { log } from "../log";
import { makeEvidencePack } from "./make-evidence-pack";
import { findDuePacks } from "./sql/find-due-packs";

// A pack that failed (a bug on some incident's data) is tried again after
// ten minutes, by this process; meanwhile the other incidents' packs go ahead.
const retry = new RetryAfterFailure(10 * 60_000);

/**
 * Makes the packs incidents are owed (at close; after a forget run), one per
 * run: a pack reads the whole audit log, so the worker's loop gets back to
 * its batches between packs. Safe from any number of workers: the pack is
 * stored only if still owed under the incident's row lock.
 */
async function makeOwedPack(db: Db, at: Date): Promise<number> {
  const keyOf = (d: { incident_id: string; reason: string }) => `${d.incident_id}:${d.reason}`;
  const [due] = retry.due(await findDuePacks(db.sql, retry.toRead(1)), keyOf, at, 1);
  if (!due) return 0;
  const key = keyOf(due);
  try {
    const incident = await getIncidentBySlugOrThrow(db, due.slug);
    const made = await makeEvidencePack(db, incident, due.reason);
    retry.succeeded(key);
    return made ? 1 : 0;
  } catch (error) {
    retry.failed(key, at);
    log.error("evidence.pack_failed", error, { incidentId: due.incident_id, action: `evidence_pack.${due.reason}` });
    return 0;
  }
}

export const evidenceSweeps: readonly Sweep[] = [{ name: "evidencePacks", run: makeOwedPack }];
