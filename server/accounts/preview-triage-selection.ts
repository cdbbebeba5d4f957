import "server-only";
import type { TriageFilter, TriageViewer } from "../../lib/triage/filter";
import type { Db } from "../db";
import { triageWhere } from "../triage/list-triage-entries";

export type ResolvedSelection = { kind: "ids"; ids: readonly number[] } | { kind: "filter"; filter: TriageFilter };

export type SelectionPreview = {
  count: number;
  /** The first rows of the selection in risk order: their account id, or null for an address with no account. */
  first: { triageId: number; accountId: string | null }[];
};

const PREVIEW_SIZE = 5;

/**
 * What a bulk action over this selection would touch: the exact count and the
 * first few accounts. Explicit ids are re-scoped to the incident here, so ids
 * of another incident count for nothing.
 */
export async function previewTriageSelection(
  db: Db,
  incidentId: string,
  selection: ResolvedSelection,
  viewer: TriageViewer,
): Promise<SelectionPreview> {
  let where: string;
  let params: unknown[];
  if (selection.kind === "filter") {
    ({ where, params } = triageWhere(incidentId, selection.filter, viewer));
  } else {
    where = "t.incident_id = $1 AND t.id = ANY($2::int[])";
    params = [incidentId, [...selection.ids]];
  }
  const [counted, first] = await Promise.all([
    db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM triage_entries t WHERE ${where}`, params),
    db.sql.query<{ id: number; external_id: string | null }>(
      `SELECT t.id, t.external_id FROM triage_entries t WHERE ${where}
        ORDER BY t.risk_sort DESC, t.id DESC LIMIT ${PREVIEW_SIZE}`,
      params,
    ),
  ]);
  return {
    count: counted[0]?.n ?? 0,
    first: first.map((row) => ({ triageId: row.id, accountId: row.external_id })),
  };
}
