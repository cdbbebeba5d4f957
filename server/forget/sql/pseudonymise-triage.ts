import type { SqlQueryable } from "../../db/driver";
import { addressRangeSql, pseudonymSql, unitArgs, type AddressRange, type UnitParams } from "./pseudonym-sql";

/** The next `limit` triage rows of one address range: both address columns become their pseudonyms. */
export function pseudonymiseTriage(tx: SqlQueryable, range: AddressRange, p: UnitParams): Promise<number> {
  return tx.run(
    `WITH batch AS (
       SELECT email_normalized FROM triage_entries
        WHERE incident_id = $1::uuid AND ${addressRangeSql("email_normalized", range)}
        ORDER BY email_normalized LIMIT $4
     )
     UPDATE triage_entries t
        SET email_normalized = ${pseudonymSql("t.email_normalized")},
            email_original = ${pseudonymSql("t.email_original")}
       FROM batch b
      WHERE t.incident_id = $1::uuid AND t.email_normalized = b.email_normalized`,
    unitArgs(p),
  );
}
