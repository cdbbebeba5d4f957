import type { SqlQueryable } from "../../db/driver";
import { ADDRESS_IN_TEXT, pseudonymSql, redactSql } from "./pseudonym-sql";

/**
 * The API's stored answers (idempotency_records, kept for replays until the
 * janitor's sweep) name no incident, only a user's key: an answer that
 * carries one of the incident's addresses (an account looked up, a note
 * written through the API) loses every address in it. The address is found
 * among the incident's triage rows as it was or as its pseudonym, so the
 * unit finds it whether or not the triage unit has run. A replay afterwards
 * answers with the scrubbed body. The table holds a day of answers, so the
 * statement reads few rows; the triage rows are looked up by their key.
 */
export function scrubIdempotencyRecords(
  tx: SqlQueryable,
  p: { incidentId: string; pads: { ipad: Buffer; opad: Buffer } | null },
): Promise<number> {
  return tx.run(
    `UPDATE idempotency_records r SET response_body = ${redactSql("r.response_body::text")}::jsonb
      WHERE r.response_body IS NOT NULL
        AND EXISTS (
          SELECT 1 FROM regexp_matches(lower(r.response_body::text), '${ADDRESS_IN_TEXT}', 'g') m
           WHERE EXISTS (SELECT 1 FROM triage_entries t
                          WHERE t.incident_id = $1::uuid AND t.email_normalized IN (m[1], ${pseudonymSql("m[1]")})))`,
    [p.incidentId, p.pads!.ipad, p.pads!.opad],
  );
}
