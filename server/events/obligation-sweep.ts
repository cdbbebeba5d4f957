import type { Db } from "../db";
import type { Sweep } from "../jobs/sweeps";
import { appUrl } from "./app-url";
import { emitEvent } from "./emit-event";
import { incidentRef } from "./incident-ref";

const DUE_SOON_HOURS = 12;

type OpenObligation = { id: string; incident_id: string; title: string; due_at: Date | string; state: "due_soon" | "overdue" };

/**
 * Obligations still open (not met by hand nor by their milestone) that fall
 * due within 12 hours or are overdue, and whose event for that state was not
 * sent yet: each obligation is announced once per state.
 */
async function obligationsToAnnounce(db: Db, at: Date): Promise<OpenObligation[]> {
  return db.sql.query<OpenObligation>(
    `SELECT o.id::text, o.incident_id::text, o.title, o.due_at,
            CASE WHEN o.due_at <= $1::timestamptz THEN 'overdue' ELSE 'due_soon' END AS state
       FROM notification_obligations o
      WHERE o.met_at IS NULL
        AND o.due_at <= $1::timestamptz + make_interval(hours => $2)
        AND NOT EXISTS (SELECT 1 FROM timeline_events t
                         WHERE t.incident_id = o.incident_id AND o.met_by_milestone IS NOT NULL AND t.milestone = o.met_by_milestone)
        AND NOT EXISTS (SELECT 1 FROM outgoing_events e
                         WHERE e.incident_id = o.incident_id
                           AND e.type = CASE WHEN o.due_at <= $1::timestamptz THEN 'obligation.overdue' ELSE 'obligation.due_soon' END
                           AND e.payload->'data'->'obligation'->>'id' = o.id::text)
      ORDER BY o.due_at LIMIT 100`,
    [at.toISOString(), DUE_SOON_HOURS],
  );
}

/** The sweep that announces obligations falling due or overdue (the delivery kind runs it when idle). */
export const obligationSweep: Sweep = {
  name: "obligationsDue",
  async run(db, at) {
    const due = await obligationsToAnnounce(db, at);
    let emitted = 0;
    for (const o of due) {
      await db.sql.transaction(async (tx) => {
        const incident = await incidentRef(tx, o.incident_id);
        const type = o.state === "overdue" ? "obligation.overdue" : "obligation.due_soon";
        const id = await emitEvent(
          tx,
          type,
          {
            incident,
            obligation: { id: o.id, title: o.title, dueAt: new Date(o.due_at).toISOString() },
            url: appUrl(`/incidents/${incident.slug}/timeline`),
          },
          { incidentId: o.incident_id, at, onceKey: `obligation:${o.id}:${o.state}` },
        );
        if (id) emitted += 1;
      });
    }
    return emitted;
  },
};
