import type { SqlQueryable } from "../../db/driver";
import { notPseudonymSql, pseudonymSql, type UnitParams } from "./pseudonym-sql";

/**
 * The incident's leaked-recipient rows on pages [from, to) not done yet:
 * both address columns become their pseudonyms, the display name goes. An
 * address seen in several messages may be done in two units: its rows hash
 * to the same pseudonym either way, so the key (incident, address, message)
 * stays unique and the unique-address counts stay what they were.
 */
export function pseudonymiseRecipients(tx: SqlQueryable, p: UnitParams, tids: [string, string]): Promise<number> {
  return tx.run(
    `UPDATE leaked_recipients r
        SET email_normalized = ${pseudonymSql("r.email_normalized")},
            email_original = ${pseudonymSql("r.email_original")},
            display_name = NULL
      WHERE r.incident_id = $1::uuid AND r.ctid >= $4::tid AND r.ctid < $5::tid AND ${notPseudonymSql("r.email_normalized")}`,
    [p.incidentId, p.pads!.ipad, p.pads!.opad, ...tids],
  );
}
