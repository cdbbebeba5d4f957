import type { TimelineCategoryName, TimelineMilestoneName, TimelineSourceName } from "./categories";

/** One version of an event's text, as the history shows it. Times are ISO strings. */
export type TimelineVersionView = {
  version: number;
  title: string;
  body: string;
  evidenceLinks: string[];
  occurredAt: string | null;
  timeZone: string | null;
  category: TimelineCategoryName | null;
  milestone: TimelineMilestoneName | null;
  changeNote: string | null;
  recordedAt: string;
  /** Null when nobody is on record (e.g. seeded rows). */
  recordedBy: string | null;
};

/** An event as pages, exports and the API show it: plain data, ISO times. */
export type TimelineEventView = {
  id: string;
  occurredAt: string;
  timeZone: string;
  category: TimelineCategoryName;
  milestone: TimelineMilestoneName | null;
  source: TimelineSourceName;
  externalId: string | null;
  title: string;
  body: string;
  evidenceLinks: string[];
  version: number;
  recordedAt: string;
  recordedBy: string | null;
  retracted: { at: string; by: string | null; reason: string } | null;
  /** Newest first; the first entry is the current version. */
  versions: TimelineVersionView[];
};
