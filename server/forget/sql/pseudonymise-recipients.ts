import type { SqlQueryable } from "../../db/driver";
import { addressRangeSql, pseudonymSql, unitArgs, type AddressRange, type UnitParams } from "./pseudonym-sql";

/**
 * The next `limit` leaked-recipient rows of one address range: both address
 * columns become their pseudonyms, the display name goes. An address seen in
 * several messages may straddle two units: its rows hash to the same
 * pseudonym either way, so the key (incident, address, message) stays unique
 * and the unique-address counts stay what they were.
 */
export function pseudonymiseRecipients(tx: SqlQueryable, range: AddressRange, p: UnitParams): Promise<number> {
  return tx.run(
    `WITH batch AS (
       SELECT email_normalized, message_id FROM leaked_recipients
        WHERE incident_id = $1::uuid AND ${addressRangeSql("email_normalized", range)}
        ORDER BY email_normalized, message_id LIMIT $4
     )
     UPDATE leaked_recipients r
        SET email_normalized = ${pseudonymSql("r.email_normalized")},
            email_original = ${pseudonymSql("r.email_original")},
            display_name = NULL
       FROM batch b
      WHERE r.incident_id = $1::uuid AND r.email_normalized = b.email_normalized AND r.message_id = b.message_id`,
    unitArgs(p),
  );
}
