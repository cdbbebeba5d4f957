import type { Db } from "../db";
import type { Incident, IncidentStats } from "../db/generated/prisma/client";
import { IncidentStatus } from "../db/generated/prisma/enums";
import { AppError } from "../errors";
import { preparedSql } from "../db/driver";
import type { MilestoneTimes } from "../../lib/timeline/durations";
import { milestoneTimesFrom } from "../timeline/get-milestones";

const STATUSES = new Set<string>(Object.values(IncidentStatus));
const isIncidentStatus = (value: string): value is IncidentStatus => STATUSES.has(value);

const optionalDate = (value: Date | string | null) => (value === null ? null : new Date(value));

export type IncidentWithStats = Incident & { stats: IncidentStats | null };

type Row = {
  id: string;
  slug: string;
  title: string;
  summary: string;
  status: string;
  leak_started_at: Date | string;
  aware_at: Date | string;
  created_at: Date | string;
  updated_at: Date | string;
  closed_at: Date | string | null;
  pseudonymise_at: Date | string | null;
  erase_at: Date | string | null;
  pseudonymised_at: Date | string | null;
  erased_at: Date | string | null;
  s_leaked_recipients: number | null;
  s_unique_addresses: number;
  s_matched_accounts: number;
  s_messages: number;
  s_open_actions: number;
  s_completed_actions: number;
  s_active_holds: number;
  s_changed_after_t0: number;
  s_updated_at: Date | string;
};

const INCIDENT_COLUMNS = `i.id::text AS id, i.slug, i.title, i.summary, i.status::text AS status,
            i.leak_started_at, i.aware_at, i.created_at, i.updated_at,
            i.closed_at, i.pseudonymise_at, i.erase_at, i.pseudonymised_at, i.erased_at,
            s.leaked_recipients AS s_leaked_recipients, s.unique_addresses AS s_unique_addresses,
            s.matched_accounts AS s_matched_accounts, s.messages AS s_messages,
            s.open_actions AS s_open_actions, s.completed_actions AS s_completed_actions,
            s.active_holds AS s_active_holds, s.changed_after_t0 AS s_changed_after_t0,
            s.updated_at AS s_updated_at`;

const INCIDENT_BY_SLUG = preparedSql(
  "incident-by-slug",
  `SELECT ${INCIDENT_COLUMNS}
       FROM incidents i LEFT JOIN incident_stats s ON s.incident_id = i.id
      WHERE i.slug = $1`,
);

// The milestone events as get-milestones.ts reads them (not retracted, oldest first), in the same row.
const INCIDENT_PAGE_BY_SLUG = preparedSql(
  "incident-page-by-slug",
  `SELECT ${INCIDENT_COLUMNS},
            (SELECT coalesce(json_agg(json_build_object('milestone', e.milestone::text, 'occurred_at', e.occurred_at)
                                      ORDER BY e.occurred_at, e.id), '[]'::json)
               FROM timeline_events e
              WHERE e.incident_id = i.id AND e.milestone IS NOT NULL AND e.retracted_at IS NULL) AS milestones
       FROM incidents i LEFT JOIN incident_stats s ON s.incident_id = i.id
      WHERE i.slug = $1`,
);

/**
 * The incident of a URL with its maintained numbers. Every incident page,
 * its layout and every incident route reads it, so it is one SQL query
 * rather than Prisma's two (an include is a second query, and each pays
 * Prisma's query compilation: docs/benchmarks.md, pages under load).
 */
export async function getIncidentBySlugOrThrow(db: Db, slug: string): Promise<IncidentWithStats> {
  const [row] = await db.sql.query<Row>(INCIDENT_BY_SLUG, [slug]);
  return incidentOf(row, slug);
}

/**
 * The incident and when it reached each milestone, in one statement: every
 * incident page's header shows both (the status and the Article 33 clock),
 * and a round trip to the database costs a page more than the read itself.
 */
export async function getIncidentPageBySlugOrThrow(
  db: Db,
  slug: string,
): Promise<{ incident: IncidentWithStats; milestones: MilestoneTimes }> {
  const [row] = await db.sql.query<Row & { milestones: { milestone: string; occurred_at: string }[] }>(
    INCIDENT_PAGE_BY_SLUG,
    [slug],
  );
  const incident = incidentOf(row, slug);
  return { incident, milestones: milestoneTimesFrom(row!.milestones, incident) };
}

function incidentOf(row: Row | undefined, slug: string): IncidentWithStats {
  if (!row || !isIncidentStatus(row.status)) throw new AppError("NOT_FOUND", `No incident with the id "${slug}".`);
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    status: row.status,
    leakStartedAt: new Date(row.leak_started_at),
    awareAt: new Date(row.aware_at),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    closedAt: optionalDate(row.closed_at),
    pseudonymiseAt: optionalDate(row.pseudonymise_at),
    eraseAt: optionalDate(row.erase_at),
    pseudonymisedAt: optionalDate(row.pseudonymised_at),
    erasedAt: optionalDate(row.erased_at),
    stats:
      row.s_leaked_recipients === null
        ? null
        : {
            incidentId: row.id,
            leakedRecipients: row.s_leaked_recipients,
            uniqueAddresses: row.s_unique_addresses,
            matchedAccounts: row.s_matched_accounts,
            messages: row.s_messages,
            openActions: row.s_open_actions,
            completedActions: row.s_completed_actions,
            activeHolds: row.s_active_holds,
            changedAfterT0: row.s_changed_after_t0,
            updatedAt: new Date(row.s_updated_at),
          },
  };
}
