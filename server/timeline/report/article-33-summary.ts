import {
  ARTICLE_33_FIELDS,
  defaultArticle33Summary,
  type Article33Summary,
  type ReportStats,
} from "../../../lib/timeline/report-defaults";
import type { MilestoneTimes } from "../../../lib/timeline/durations";
import type { Db } from "../../db";

type Article33Field = (typeof ARTICLE_33_FIELDS)[number];

export type Article33SummaryView = {
  summary: Article33Summary;
  defaults: Article33Summary;
  /** Which fields an analyst wrote (the rest are the generated draft). */
  edited: Record<Article33Field, boolean>;
  updatedBy: string | null;
  updatedAt: string | null;
};

export const EMPTY_STATS: ReportStats = {
  leakedRecipients: 0,
  uniqueAddresses: 0,
  matchedAccounts: 0,
  messages: 0,
  openActions: 0,
  completedActions: 0,
  activeHolds: 0,
  changedAfterT0: 0,
};

/** The Article 33(3) summary: the analysts' text where they wrote one, the generated draft elsewhere. */
export async function getArticle33Summary(
  db: Db,
  incident: { id: string; summary: string; stats: ReportStats | null },
  milestones: MilestoneTimes,
): Promise<Article33SummaryView> {
  const defaults = defaultArticle33Summary({
    summary: incident.summary,
    stats: incident.stats ?? EMPTY_STATS,
    containedAt: milestones.contained,
    customersNotifiedAt: milestones.customers_notified,
  });
  const stored = await db.prisma.incidentReportDetails.findUnique({
    where: { incidentId: incident.id },
    include: { updatedBy: { select: { name: true } } },
  });
  const summary = { ...defaults };
  const edited = Object.fromEntries(ARTICLE_33_FIELDS.map((f) => [f, false])) as Record<Article33Field, boolean>;
  for (const field of ARTICLE_33_FIELDS) {
    const value = stored?.[field];
    if (value === null || value === undefined) continue;
    edited[field] = true;
    (summary as Record<Article33Field, string | number>)[field] = value;
  }
  return {
    summary,
    defaults,
    edited,
    updatedBy: stored?.updatedBy?.name ?? null,
    updatedAt: stored?.updatedAt.toISOString() ?? null,
  };
}
