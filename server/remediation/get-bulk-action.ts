import "server-only";
import {
  API_ACTION_KINDS,
  type ActionKind,
  type ApiActionKind,
  type BulkStatus,
  type ReleaseCode,
} from "../../lib/remediation/actions";
import { remainingCount } from "../../lib/remediation/progress";
import type { Db } from "../db";
import { AppError } from "../errors";
import type { SkipCounts } from "./preview-bulk-action";

type StaffRef = { id: string; name: string; email: string };

/** One bulk action as the pages and the API show it: plain JSON, times as ISO strings. */
export type BulkActionView = {
  id: string;
  incidentId: string;
  incidentSlug: string;
  kind: ActionKind;
  origin: "bulk" | "single" | "recommendation";
  status: BulkStatus;
  reason: string;
  holdHours: number | null;
  releaseCode: ReleaseCode | null;
  total: number;
  succeeded: number;
  skipped: number;
  failed: number;
  cancelled: number;
  remaining: number;
  /** Accounts of the selection left out when it was requested, by reason. */
  skippedAtRequest: SkipCounts;
  needsApproval: boolean;
  requestedBy: StaffRef | null;
  /** The API token it was requested with (requestedBy is then its creator). */
  requestedViaToken: { id: string; name: string } | null;
  decidedBy: StaffRef | null;
  decisionNote: string | null;
  createdAt: string;
  expiresAt: string | null;
  decidedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** Why it paused by itself (the exchange's circuit breaker opened), and when it resumes. */
  pauseReason: string | null;
  autoResumeAt: string | null;
};

const STAFF_REF = { select: { id: true, name: true, email: true } } as const;

const iso = (at: Date | null) => (at ? at.toISOString() : null);

/** The bulk action, or null when there is none with this id (in this incident, when one is named). */
export async function getBulkActionView(
  db: Db,
  id: string,
  options: { incidentId?: string } = {},
): Promise<BulkActionView | null> {
  // Not a UUID: no such action (rather than a database error).
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const row = await db.prisma.bulkAction.findFirst({
    where: { id, ...(options.incidentId ? { incidentId: options.incidentId } : {}) },
    include: { incident: { select: { slug: true } }, requestedBy: STAFF_REF, decidedBy: STAFF_REF },
  });
  if (!row) return null;
  const token = row.requestedByTokenId
    ? await db.prisma.apiToken.findUnique({ where: { id: row.requestedByTokenId }, select: { id: true, name: true } })
    : null;
  return {
    id: row.id,
    incidentId: row.incidentId,
    incidentSlug: row.incident.slug,
    kind: row.kind,
    origin: row.origin,
    status: row.status,
    reason: row.reason,
    holdHours: row.holdHours,
    releaseCode: row.releaseCode,
    total: row.total,
    succeeded: row.succeeded,
    skipped: row.skipped,
    failed: row.failed,
    cancelled: row.cancelled,
    remaining: remainingCount(row),
    skippedAtRequest: (row.skippedAtRequest ?? {}) as SkipCounts,
    needsApproval: row.needsApproval,
    requestedBy: row.requestedBy,
    requestedViaToken: row.requestedByTokenId ? (token ?? { id: row.requestedByTokenId, name: "(deleted token)" }) : null,
    decidedBy: row.decidedBy,
    decisionNote: row.decisionNote,
    createdAt: row.createdAt.toISOString(),
    expiresAt: iso(row.expiresAt),
    decidedAt: iso(row.decidedAt),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    pauseReason: row.pauseReason,
    autoResumeAt: iso(row.autoResumeAt),
  };
}

export async function getBulkActionViewOrThrow(
  db: Db,
  id: string,
  options: { incidentId?: string } = {},
): Promise<BulkActionView> {
  const view = await getBulkActionView(db, id, options);
  if (!view) throw new AppError("NOT_FOUND", "No such bulk action.");
  return view;
}

const API_KIND_OF = Object.fromEntries(
  Object.entries(API_ACTION_KINDS).map(([api, kind]) => [kind, api as ApiActionKind]),
) as Record<ActionKind, ApiActionKind>;

/** The REST API names the kinds as its requests do: "reset", "hold", "release". */
export function apiActionKind(kind: ActionKind): ApiActionKind {
  return API_KIND_OF[kind];
}

/** The view as the REST API answers it. */
export function toApiBulkAction(view: BulkActionView): Omit<BulkActionView, "kind"> & { kind: ApiActionKind } {
  return { ...view, kind: apiActionKind(view.kind) };
}
