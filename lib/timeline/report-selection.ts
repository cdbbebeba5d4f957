import { formatUtc } from "../format/dates";
import { TIMELINE_CATEGORIES, type TimelineCategoryName } from "./categories";
import type { TimelineEventView } from "./event-view";

/**
 * What the author puts in the printed report: which timeline categories,
 * which obligations (GDPR Article 33 always), and whether requests that were
 * rejected or expired unapproved appear. Read from the report page's query,
 * so a choice is a link that prints the same way again.
 */
export type ReportChoices = {
  categories: TimelineCategoryName[];
  /** Ids of the obligations left out. */
  omitObligations: string[];
  declined: boolean;
};

export const DEFAULT_REPORT_CHOICES: ReportChoices = {
  categories: [...TIMELINE_CATEGORIES],
  omitObligations: [],
  declined: false,
};

type Query = Record<string, string | string[] | undefined>;
const list = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** The choices in a query; the defaults (everything but declined requests) when the form was never sent. */
export function parseReportChoices(query: Query): ReportChoices {
  if (query.choose === undefined) return DEFAULT_REPORT_CHOICES;
  const categories = list(query.category);
  return {
    categories: TIMELINE_CATEGORIES.filter((c) => categories.includes(c)),
    omitObligations: list(query.omitObligation).filter((id) => /^[0-9a-f-]{36}$/i.test(id)),
    declined: query.declined === "on",
  };
}

export type ReportTimelineLine = {
  id: string;
  occurredAt: string;
  category: TimelineCategoryName;
  milestone: TimelineEventView["milestone"];
  title: string;
  body: string;
  retracted: TimelineEventView["retracted"];
  recordedBy: string | null;
  version: number;
  lastChangedBy: string | null;
};

// Breachdesk's own events for a bulk action's or a notice campaign's steps:
// `bulk-action:<id>:<step>`, `notice-campaign:<id>:<step>`.
const WORK_EVENT = /^(bulk-action|notice-campaign):([^:]+):([a-z_]+)$/;
const DECLINED_STEPS = new Set(["rejected", "expired"]);

function hourMinute(iso: string): string {
  return formatUtc(iso).replace(/^.*, (\d\d:\d\d) UTC$/, "$1");
}

// The lines of a step's body worth printing: not the internal ids.
function usefulLines(body: string): string[] {
  return body.split("\n").filter((line) => line && !/^(Bulk action |Notice version )/.test(line));
}

/**
 * The report's timeline: the chosen categories only, and each bulk action or
 * notice campaign as one line (what, for how many, each step with its time
 * and who) instead of one line per step with internal ids. Requests that were
 * rejected or expired unapproved are left out unless chosen.
 */
export function reportTimeline(events: readonly TimelineEventView[], choices: ReportChoices): ReportTimelineLine[] {
  const lines: ReportTimelineLine[] = [];
  const groups = new Map<string, TimelineEventView[]>();
  for (const event of events) {
    const work = event.externalId ? WORK_EVENT.exec(event.externalId) : null;
    if (!work) {
      lines.push({
        id: event.id,
        occurredAt: event.occurredAt,
        category: event.category,
        milestone: event.milestone,
        title: event.title,
        body: event.body,
        retracted: event.retracted,
        recordedBy: event.recordedBy,
        version: event.version,
        lastChangedBy: event.versions[0]?.recordedBy ?? null,
      });
      continue;
    }
    const key = `${work[1]}:${work[2]}`;
    groups.set(key, [...(groups.get(key) ?? []), event]);
  }
  for (const [key, steps] of groups) {
    const sorted = [...steps].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
    const names = sorted.map((e) => WORK_EVENT.exec(e.externalId!)![3]!);
    const declined = names.some((n) => DECLINED_STEPS.has(n)) && !names.includes("approved");
    if (declined && !choices.declined) continue;
    const first = sorted[0]!;
    const last = sorted.at(-1)!;
    const day = formatUtc(first.occurredAt).replace(/ UTC$/, "");
    // "Started" follows approval at once and says nothing a reader needs.
    const stepText = sorted.flatMap((e, i) => {
      if (names[i] === "started") return [];
      const when = i === 0 ? day : hourMinute(e.occurredAt);
      const who = e.recordedBy?.replace(/^Breachdesk \(run by (.+)\)$/, "$1");
      return [`${names[i]} ${when}${who ? ` by ${who}` : ""}`];
    });
    const details = [...usefulLines(first.body), ...(sorted.length > 1 ? usefulLines(last.body) : [])];
    lines.push({
      id: key,
      occurredAt: first.occurredAt,
      category: first.category,
      milestone: sorted.find((e) => e.milestone)?.milestone ?? null,
      title: first.title.replace(/ requested for /, " for "),
      body: [`${stepText.join(" · ")}.`, ...new Set(details)].join("\n"),
      retracted: null,
      recordedBy: null,
      version: 1,
      lastChangedBy: null,
    });
  }
  return lines
    .filter((line) => choices.categories.includes(line.category))
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id));
}
