// Names shared by the timeline's server code, pages and exports.
export const TIMELINE_CATEGORIES = [
  "detection",
  "containment",
  "eradication",
  "communication",
  "remediation",
  "external",
] as const;
export type TimelineCategoryName = (typeof TIMELINE_CATEGORIES)[number];

export const TIMELINE_MILESTONES = [
  "leak_started",
  "aware",
  "contained",
  "regulator_notified",
  "customers_notified",
  "closed",
] as const;
export type TimelineMilestoneName = (typeof TIMELINE_MILESTONES)[number];

export const TIMELINE_SOURCES = ["manual", "system", "api"] as const;
export type TimelineSourceName = (typeof TIMELINE_SOURCES)[number];

export const CATEGORY_LABELS: Record<TimelineCategoryName, string> = {
  detection: "Detection",
  containment: "Containment",
  eradication: "Eradication",
  communication: "Communication",
  remediation: "Remediation",
  external: "External",
};

export const MILESTONE_LABELS: Record<TimelineMilestoneName, string> = {
  leak_started: "Leak started",
  aware: "Became aware (T0)",
  contained: "Contained (sending stopped)",
  regulator_notified: "Regulator notified",
  customers_notified: "Customers notified",
  closed: "Closed",
};

export function isTimelineCategory(value: unknown): value is TimelineCategoryName {
  return typeof value === "string" && (TIMELINE_CATEGORIES as readonly string[]).includes(value);
}
