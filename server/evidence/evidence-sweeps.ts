import "server-only";
import type { Db } from "../db";
import type { Sweep } from "../jobs/sweeps";
import { getIncidentBySlugOrThrow } from "../incidents/get-incident";
import { makeEvidencePack } from "./make-evidence-pack";
import { findDuePacks } from "./sql/find-due-packs";

/**
 * Makes the packs incidents are owed (at close; after a forget run), one per
 * run: a pack reads the whole audit log, so the worker's loop gets back to
 * its batches between packs. Safe from any number of workers: the pack is
 * stored only if still owed under the incident's row lock.
 */
async function makeOwedPack(db: Db): Promise<number> {
  const [due] = await findDuePacks(db.sql, 1);
  if (!due) return 0;
  const incident = await getIncidentBySlugOrThrow(db, due.slug);
  return (await makeEvidencePack(db, incident, due.reason)) ? 1 : 0;
}

export const evidenceSweeps: readonly Sweep[] = [{ name: "evidencePacks", run: makeOwedPack }];
