import type { SqlQueryable } from "../../db/driver";
import { notPseudonymSql, pseudonymSql, type UnitParams } from "./pseudonym-sql";

/** The incident's triage rows on pages [from, to) not done yet: both address columns become their pseudonyms. */
export function pseudonymiseTriage(tx: SqlQueryable, p: UnitParams, tids: [string, string]): Promise<number> {
  return tx.run(
    `UPDATE triage_entries t
        SET email_normalized = ${pseudonymSql("t.email_normalized")},
            email_original = ${pseudonymSql("t.email_original")}
      WHERE t.incident_id = $1::uuid AND t.ctid >= $4::tid AND t.ctid < $5::tid AND ${notPseudonymSql("t.email_normalized")}`,
    [p.incidentId, p.pads!.ipad, p.pads!.opad, ...tids],
  );
}
