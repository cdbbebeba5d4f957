import type { Db } from "../db";
import { getIncidentBySlugOrThrow } from "../incidents/get-incident";
import { getCloseChecklist } from "./get-close-checklist";
import { listCloseRequests } from "./list-close-requests";
import { retentionDefaults } from "./retention-defaults";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The close state of an incident as the API answers it: checklist, requests, schedule. */
export async function getCloseState(db: Db, slug: string, at = new Date()) {
  const incident = await getIncidentBySlugOrThrow(db, slug);
  const [checklist, requests] = await Promise.all([
    getCloseChecklist(db, incident.id, at),
    listCloseRequests(db, incident.id),
  ]);
  const base = `/incidents/${encodeURIComponent(incident.slug)}`;
  return {
    incident: {
      slug: incident.slug,
      status: incident.status,
      closedAt: iso(incident.closedAt),
      pseudonymiseAt: iso(incident.pseudonymiseAt),
      eraseAt: iso(incident.eraseAt),
      pseudonymisedAt: iso(incident.pseudonymisedAt),
      erasedAt: iso(incident.erasedAt),
    },
    checklist: {
      ok: checklist.ok,
      items: checklist.items.map((i) => ({ key: i.key, label: i.label, ok: i.ok, detail: i.detail, fixUrl: `${base}/${i.fixPath}` })),
    },
    retentionDefaults: retentionDefaults(),
    requests: requests.map((r) => ({
      id: r.id,
      status: r.status,
      pseudonymiseDays: r.pseudonymiseDays,
      eraseDays: r.eraseDays,
      reason: r.reason,
      requestedBy: r.requestedBy,
      decidedBy: r.decidedBy,
      decisionNote: r.decisionNote,
      createdAt: r.createdAt.toISOString(),
      expiresAt: iso(r.expiresAt),
      decidedAt: iso(r.decidedAt),
    })),
  };
}
