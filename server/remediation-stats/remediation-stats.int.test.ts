import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HEADLINE_FILTERS } from "../../lib/remediation-charts/headline-links";
import { MAX_POINTS } from "../../lib/remediation-charts/buckets";
import { TriageFilterInput, triageFilterToParams } from "../../lib/triage/filter";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { createTestIncident, T0 } from "../timeline/test-fixtures";
import { countTriageEntries } from "../triage/list-triage-entries";
import { remediationChartCsv } from "./export-remediation-chart-csv";
import { getRemediationCharts } from "./get-remediation-charts";
import { getRemediationVersion } from "./get-remediation-version";
import { importRecipientList } from "../imports/import-recipients";
import { sweepExpired } from "../workers/work";
import {
  precomputeRemediationCharts,
  readRemediationCharts,
  settleRemediationChartJobs,
} from "./read-remediation-charts";
import { at, CHART_NOW, createChartFixture, HOUR } from "./test-fixtures";

const t0 = T0.getTime();

describe.each(testDbKinds())("remediation charts on %s", (kind) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(kind);
  });
  afterAll(async () => {
    await db?.cleanup();
  });
  beforeEach(async () => {
    await resetTestDb(db);
  });

  async function fixtureIncident() {
    const incident = await createTestIncident(db);
    await createChartFixture(db, incident.id);
    // A milestone inside the span, one retracted (not drawn).
    await db.prisma.timelineEvent.create({
      data: { incidentId: incident.id, occurredAt: at(6), category: "containment", milestone: "contained" },
    });
    await db.prisma.timelineEvent.create({
      data: {
        incidentId: incident.id,
        occurredAt: at(7),
        category: "communication",
        milestone: "regulator_notified",
        retractedAt: at(8),
      },
    });
    return incident;
  }

  it("counts the headline numbers by hand, each equal to the triage table's count for the filter it links to", async () => {
    const incident = await fixtureIncident();
    const data = await getRemediationCharts(db, incident, CHART_NOW);
    expect(data.headline).toEqual({
      exposed: 10,
      matched: 8,
      criticalHigh: 5,
      criticalHighUntouched: 1, // A2
      resetsForced: 2, // A1 sent, A4 requested
      resetsCompleted: 1, // A3
      holdsActive: 2, // A1, A8
      holdsReleased: 1, // A5
      holdsExpired: 1, // A6
      takeoverAttempts: 3, // A1 twice, A2 once after T0 (its event before T0 does not count)
      accountsAttempted: 2,
      holdReleases: 1, // A5's release: an event, counted whatever the account's state now
    });
    for (const [key, filter] of Object.entries(HEADLINE_FILTERS)) {
      const parsed = TriageFilterInput.parse(Object.fromEntries(triageFilterToParams(filter)));
      const count = await countTriageEntries(db, incident.id, parsed, { unmasked: false });
      expect({ key, count }).toEqual({ key, count: data.headline[key as keyof typeof HEADLINE_FILTERS] });
    }
  });

  it("computes the funnel, the status by tier and the time to first action by hand", async () => {
    const incident = await fixtureIncident();
    const data = await getRemediationCharts(db, incident, CHART_NOW);
    expect(data.funnel.map((s) => [s.key, s.accounts])).toEqual([
      ["exposed", 10],
      ["matched", 8],
      ["actioned", 6],
      ["reset_forced", 3],
      ["reset_completed", 1],
      ["hold_placed", 4],
      ["hold_ended", 2],
    ]);
    expect(data.statusByTier).toEqual([
      { tier: "critical", untouched: 1, resetForced: 0, resetCompleted: 0, held: 1, holdEnded: 0, noAccount: 0 },
      { tier: "high", untouched: 0, resetForced: 1, resetCompleted: 1, held: 0, holdEnded: 1, noAccount: 0 },
      { tier: "medium", untouched: 1, resetForced: 0, resetCompleted: 0, held: 0, holdEnded: 1, noAccount: 0 },
      { tier: "low", untouched: 0, resetForced: 0, resetCompleted: 0, held: 1, holdEnded: 0, noAccount: 2 },
    ]);
    // First actions at 2, 2, 3, 4, 5 and 50 hours; A2 and A7 still waiting.
    expect(data.firstAction.bins.map((b) => b.accounts)).toEqual([0, 3, 2, 0, 0, 1, 0, 0]);
    expect(data.firstAction).toMatchObject({ actioned: 6, notActioned: 2, medianHours: 4 });
    // Per tier: critical A1 at 2 h; high A3, A5, A4 at 2, 3, 50 h; medium A6 at 4 h; low A8 at 5 h.
    expect(data.firstAction.medianHoursByTier).toEqual({ critical: 2.5, high: 3.5, medium: 4.5, low: 5.5 });
  });

  it("draws each window from T0 in its own buckets, leaving out what came after it, and opens on the active one", async () => {
    const incident = await fixtureIncident();
    const data = await getRemediationCharts(db, incident, CHART_NOW);
    // Activity reaches 76 hours after T0: the first week is the narrowest window holding it.
    expect(data.defaultRange).toBe("7d");
    const day = data.ranges["24h"];
    expect(day.bucket).toEqual({ hours: 1, label: "hour" });
    expect(day.end).toBe(at(24).getTime());
    expect(day.actions).toHaveLength(24);
    // A4's reset at 50 h is outside the first day: not drawn, and A4 still open at its end.
    expect(day.actions.reduce((sum, p) => sum + p.resets, 0)).toBe(2);
    expect(day.burndown.at(-1)).toEqual({ t: at(24).getTime(), open: 2 });
    expect(data.ranges["72h"].actions).toHaveLength(72);
    expect(data.ranges["72h"].burndown.at(-1)?.open).toBe(1);
    // A week is drawn in 3-hour buckets, up to the last activity.
    expect(data.ranges["7d"].bucket).toEqual({ hours: 3, label: "3 hours" });
    expect(data.ranges["7d"].end).toBe(data.end);
    expect(data.ranges.all.actions.reduce((sum, p) => sum + p.resets, 0)).toBe(3);
    for (const range of Object.values(data.ranges))
      for (const m of range.milestones) expect(m.at).toBeLessThanOrEqual(range.end);
  });

  it("buckets the time series by the hour from T0 to the last change, with T0 and the milestones marked", async () => {
    const incident = await fixtureIncident();
    const data = await getRemediationCharts(db, incident, CHART_NOW);
    // The last change is A6's expiry, 76 hours after T0: 77 hourly buckets.
    expect(data.bucket).toEqual({ hours: 1, label: "hour" });
    expect(data.end).toBe(at(77).getTime());
    expect(data.actions).toHaveLength(77);
    expect(data.milestones).toEqual([
      { key: "aware", label: "T0", at: t0 },
      { key: "contained", label: "Contained (sending stopped)", at: at(6).getTime() },
    ]);

    const nonZero = <T extends { t: number }>(points: T[], pick: (p: T) => number) =>
      points.flatMap((p) => (pick(p) ? [[(p.t - t0) / HOUR, pick(p)]] : []));
    expect(nonZero(data.actions, (p) => p.resets)).toEqual([
      [2, 2],
      [50, 1],
    ]);
    expect(nonZero(data.actions, (p) => p.holds)).toEqual([
      [3, 2],
      [4, 1],
      [5, 1],
    ]);
    expect(nonZero(data.actions, (p) => p.releases)).toEqual([[10, 1]]);
    expect(nonZero(data.actions, (p) => p.completed)).toEqual([[26, 1]]);

    // Open critical and high accounts: 5 at T0; A1 and A3 at 2 h, A5 at 3 h, A4 at 50 h.
    expect(data.burndown[0]).toEqual({ t: t0, open: 5 });
    const open = (hours: number) => data.burndown.find((p) => p.t === at(hours).getTime())?.open;
    expect([open(2), open(3), open(4), open(50), open(51), open(77)]).toEqual([5, 3, 2, 2, 1, 1]);

    // Active holds at each bucket's end: placed at 3, 3, 4, 5; ended at 10 (released) and 76 (expired).
    const active = (hours: number) => data.activeHolds.find((p) => p.t === at(hours).getTime())?.active;
    expect([active(3), active(4), active(5), active(6), active(10), active(11), active(76), active(77)]).toEqual([
      0, 2, 3, 4, 4, 3, 3, 2,
    ]);
    expect(data.expiries).toEqual({
      ahead: [{ day: 1, t: CHART_NOW.getTime() + 24 * HOUR, expiring: 1 }],
      later: 0,
      indefinite: 1,
    });

    // A1 at 1 h (before its reset at 2 h), A1 at 5 h (after), A2 at 30 h (never actioned).
    expect(nonZero(data.attempts, (p) => p.beforeAction)).toEqual([
      [1, 1],
      [30, 1],
    ]);
    expect(nonZero(data.attempts, (p) => p.afterAction)).toEqual([[5, 1]]);
    expect(nonZero(data.attempts, (p) => p.actions)).toEqual([
      [2, 2],
      [3, 2],
      [4, 1],
      [5, 1],
      [50, 1],
    ]);
  });

  it("widens the buckets for a long incident: never more than MAX_POINTS points", async () => {
    const incident = await createTestIncident(db);
    await createChartFixture(db, incident.id, [
      { key: "L1", tier: "critical", reset: { status: "sent", sent: 24 * 400 }, first: 24 * 400 },
      { key: "L2", tier: "high", reset: { status: "sent", sent: 1 }, first: 1 },
    ]);
    const data = await getRemediationCharts(db, incident, at(24 * 500));
    expect(data.bucket).toEqual({ hours: 48, label: "2 days" });
    for (const series of [data.actions, data.burndown, data.activeHolds, data.attempts]) {
      expect(series.length).toBeLessThanOrEqual(MAX_POINTS + 1);
    }
    expect(data.actions.reduce((sum, p) => sum + p.resets, 0)).toBe(2);
    expect(data.burndown.at(-1)!.open).toBe(0);
  });

  it("answers for an empty incident: zeros, one day of empty buckets, no median", async () => {
    const incident = await createTestIncident(db);
    const data = await getRemediationCharts(db, incident, CHART_NOW);
    expect(Object.values(data.headline).every((n) => n === 0)).toBe(true);
    expect(data.funnel.every((s) => s.accounts === 0)).toBe(true);
    expect(data.actions).toHaveLength(24);
    expect(data.burndown.every((p) => p.open === 0)).toBe(true);
    expect(data.firstAction).toMatchObject({ medianHours: null, actioned: 0, notActioned: 0 });
    expect(data.expiries).toEqual({ ahead: [], later: 0, indefinite: 0 });
    expect(await getRemediationVersion(db.sql, incident.id)).toMatchObject({ running: 0 });
  });

  it("answers for an incident with no action yet: every critical and high account still open", async () => {
    const incident = await createTestIncident(db);
    await createChartFixture(db, incident.id, [
      { key: "N1", tier: "critical", events: [3] },
      { key: "N2", tier: "high" },
      { key: "N3", tier: "medium" },
      { key: "N4", tier: "low", matched: false },
    ]);
    const data = await getRemediationCharts(db, incident, CHART_NOW);
    expect(data.headline).toMatchObject({
      exposed: 4,
      matched: 3,
      criticalHighUntouched: 2,
      resetsForced: 0,
      holdsActive: 0,
      takeoverAttempts: 1,
    });
    expect(new Set(data.burndown.map((p) => p.open))).toEqual(new Set([2]));
    expect(data.firstAction).toMatchObject({ medianHours: null, actioned: 0, notActioned: 3 });
    expect(data.attempts.reduce((sum, p) => sum + p.beforeAction, 0)).toBe(1);
    expect(data.statusByTier.map((r) => r.untouched + r.noAccount)).toEqual([1, 1, 1, 1]);
  });

  it("exports each chart as formula-safe CSV", async () => {
    const incident = await fixtureIncident();
    const data = await getRemediationCharts(db, incident, CHART_NOW);
    expect(remediationChartCsv(data, "funnel").split("\r\n").slice(0, 3)).toEqual([
      "Stage,Accounts",
      "Exposed,10",
      "Matched to an account,8",
    ]);
    expect(remediationChartCsv(data, "first-action")).toContain("< 1 h,0\r\n1–4 h,3\r\n");
    const tiers = remediationChartCsv(data, "status-by-tier").split("\r\n");
    expect(tiers[1]).toBe("critical,1,0,0,1,0,0");
    expect(remediationChartCsv(data, "burndown").split("\r\n")[1]).toBe(`${T0.toISOString()},5`);
  });

  it("serves the stored snapshot while the version holds, and a new computation when a bulk action moves it", async () => {
    const incident = await fixtureIncident();
    // One moment for every read: the version also changes every ten minutes, and no slot may end between reads.
    const now = new Date();
    const first = await readRemediationCharts(db, incident, { now });
    expect(first).toMatchObject({ fresh: true, running: 0 });
    expect(first.data.headline.resetsForced).toBe(2);
    const [stored] = await db.sql.query<{ version: string }>(
      `SELECT version FROM remediation_chart_snapshots WHERE incident_id = $1::uuid`,
      [incident.id],
    );
    expect(stored!.version).toBe(first.version);

    // Same version: the stored data, even if the rows behind it changed outside any bulk action.
    await db.sql.query(
      `UPDATE account_remediation SET reset_status = 'completed' WHERE incident_id = $1::uuid AND reset_status = 'sent'`,
      [incident.id],
    );
    const second = await readRemediationCharts(db, incident, { now });
    expect(second.version).toBe(first.version);
    expect(second.data.headline.resetsForced).toBe(2);

    // A bulk action's progress moves the version: recomputed (the wait is long enough here).
    await db.sql.query(
      `INSERT INTO bulk_actions (id, incident_id, kind, status, selection, reason, total, succeeded, needs_approval)
       VALUES (gen_random_uuid(), $1::uuid, 'password_reset', 'running', '{}', 'test', 5, 1, false)`,
      [incident.id],
    );
    const third = await readRemediationCharts(db, incident, { waitMs: 60_000, minIntervalMs: 0, now });
    expect(third).toMatchObject({ fresh: true, running: 1 });
    expect(third.version).not.toBe(first.version);
    expect(third.data.headline.resetsForced).toBe(1);

    // With no time to wait, the stored data comes back marked stale, with its own version; the computation lands after.
    await db.sql.query(`UPDATE bulk_actions SET succeeded = 2, updated_at = now() WHERE incident_id = $1::uuid`, [
      incident.id,
    ]);
    const throttled = await readRemediationCharts(db, incident, { waitMs: 60_000, now });
    // Computed moments ago: the stored data, and no computation started.
    expect(throttled).toMatchObject({ fresh: false, version: third.version });
    const stale = await readRemediationCharts(db, incident, { waitMs: 0, minIntervalMs: 0, now });
    expect(stale).toMatchObject({ fresh: false, version: third.version });
    await settleRemediationChartJobs();
    const current = await readRemediationCharts(db, incident, { waitMs: 0, minIntervalMs: 0, now });
    expect(current.fresh).toBe(true);
    expect(current.version).not.toBe(third.version);
  });

  it("computes the charts in the worker's sweep once an import changed the incident, so that the first view reads them stored", async () => {
    const incident = await fixtureIncident();
    const snapshot = async () =>
      (
        await db.sql.query<{ version: string; computed_at: Date }>(
          `SELECT version, computed_at FROM remediation_chart_snapshots WHERE incident_id = $1::uuid`,
          [incident.id],
        )
      )[0];
    // Nothing imported yet: nothing to compute ahead of a view.
    expect(await precomputeRemediationCharts(db)).toBe(0);
    expect(await snapshot()).toBeUndefined();

    async function* list(): AsyncGenerator<Buffer> {
      yield Buffer.from("email\nlate.1@example.com\nlate.2@example.com\n");
    }
    await importRecipientList(db, { incidentId: incident.id, fileName: "late.csv", bytesTotal: null, source: list(), actor: null });
    // The worker's sweep computes them, once (its version of the same moment as the reads': the version has a ten-minute slot).
    const now = new Date();
    expect((await sweepExpired(db, now)).remediationCharts).toBe(1);
    const stored = await snapshot();
    expect(stored?.version).toBe((await getRemediationVersion(db.sql, incident.id, now)).version);
    expect(await precomputeRemediationCharts(db)).toBe(0);
    // The first view reads them: fresh, with the two new addresses counted, without waiting for a computation.
    const read = await readRemediationCharts(db, incident, { waitMs: 0, now });
    expect(read).toMatchObject({ fresh: true, version: stored!.version });
    expect(read.data.funnel[0]!.accounts).toBe(12);
    expect((await snapshot())!.computed_at).toEqual(stored!.computed_at);

    // Another import after them: computed again.
    await importRecipientList(db, { incidentId: incident.id, fileName: "later.csv", bytesTotal: null, source: list(), actor: null });
    expect(await precomputeRemediationCharts(db)).toBe(1);
    expect((await snapshot())!.computed_at.getTime()).toBeGreaterThanOrEqual(stored!.computed_at.getTime());
    expect(await precomputeRemediationCharts(db)).toBe(0);
  });

  it("never serves data stored by an older release, which lacks the windows: computes it afresh", async () => {
    const incident = await fixtureIncident();
    const first = await readRemediationCharts(db, incident);
    const older: Partial<typeof first.data> = { ...first.data };
    delete older.ranges;
    await db.sql.query(
      `UPDATE remediation_chart_snapshots SET version = 'older', data = $2::jsonb, computed_at = now() WHERE incident_id = $1::uuid`,
      [incident.id, JSON.stringify(older)],
    );
    const read = await readRemediationCharts(db, incident, { waitMs: 0 });
    expect(read.fresh).toBe(true);
    expect(read.data.ranges["72h"].bucket.hours).toBe(1);
  });
});
