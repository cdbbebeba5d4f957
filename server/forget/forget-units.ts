import type { SqlQueryable } from "../db/driver";
import {
  attachIncidentTable,
  createIncidentTable,
  incidentPartition,
  type PartitionedTable,
} from "../db/incident-partition";
import { copyPseudonymised, pagesOf } from "./sql/copy-pseudonymised";
import * as clear from "./sql/clear-free-text";
import * as erase from "./sql/erase-rows";
import { handOverSecurityEvents } from "./sql/hand-over-events";
import { incidentPartitionPages, pagesPerUnit, tablePages, tidBounds, type PageCursor } from "./sql/page-range";
import type { UnitParams } from "./sql/pseudonym-sql";
import { pseudonymiseNoticeMessages, pseudonymiseOutbox, type MessageKey } from "./sql/pseudonymise-notices";
import { pseudonymiseRecipients } from "./sql/pseudonymise-recipients";
import { pseudonymiseTriage } from "./sql/pseudonymise-triage";
import { scrubIdempotencyRecords } from "./sql/scrub-idempotency-records";

/**
 * One kind of rows a step works through, a unit (one transaction) at a time.
 * `run` does the next unit and says how many rows it changed and where the
 * next one starts (`done` when this kind has no rows left). `counts` names
 * the rows in the run's counts (the certificate); `tables` are compacted at
 * the end.
 */
export type ForgetUnit = {
  readonly name: string;
  readonly counts: string;
  readonly tables: readonly string[];
  run(tx: SqlQueryable, p: UnitParams): Promise<UnitResult>;
};

/**
 * What a unit did: `changed` rows counted under the unit's name; `kept` rows
 * it left to another incident instead of forgetting them, by table (counted
 * apart, under the run's `kept`: never called cleared or erased).
 */
type UnitResult = { changed: number; next: unknown; done: boolean; kept?: Record<string, number> };

/**
 * A walk over a big table's pages, about `limit` rows a unit: done once the
 * walk passes the table's end as it was when the walk began (rows an UPDATE
 * moved past it are already done). The end is read once and kept in the
 * cursor: finding the incident's partition again in every unit would step
 * over the dead index entries the earlier units left.
 */
function byPages(
  name: string,
  table: string,
  pagesOf: (tx: SqlQueryable, incidentId: string) => Promise<number>,
  step: (tx: SqlQueryable, p: UnitParams, tids: [string, string]) => Promise<number | Pick<UnitResult, "changed" | "kept">>,
): ForgetUnit {
  return {
    name,
    counts: table,
    tables: [table],
    async run(tx, p) {
      const cursor = p.after as PageCursor | null;
      const from = cursor?.page ?? 0;
      const end = cursor?.end ?? (await pagesOf(tx, p.incidentId));
      if (from >= end) return { changed: 0, next: null, done: true };
      const to = from + pagesPerUnit(p.limit);
      const done = await step(tx, p, tidBounds(from, to));
      const result = typeof done === "number" ? { changed: done } : done;
      return { ...result, next: { page: to, end } satisfies PageCursor, done: to >= end };
    },
  };
}

/** Where a copy has got to: the page walk over the incident's partition (`from`), and the table it fills (`into`). */
type CopyCursor = PageCursor & { copy: { from: string; into: string } };

/**
 * Pseudonymises a big table's rows of the incident. An incident with a
 * partition of its own (every large import makes one) is copied, a range of
 * pages a unit, pseudonymised into a new unindexed table; a last unit builds
 * that table's indexes once and puts it in place of the partition, which is
 * dropped, old rows' bytes and all. The partition is not written meanwhile
 * (the incident is closed, read-only), so the walk sees each row once, and
 * readers see the old rows until the swap commits. An incident in the shared
 * default partition is updated in place, a range of pages a unit.
 */
function pseudonymiseBigTable(
  name: string,
  table: PartitionedTable,
  update: (tx: SqlQueryable, p: UnitParams, tids: [string, string]) => Promise<number>,
): ForgetUnit {
  const inPlace = byPages(name, table, (tx, id) => incidentPartitionPages(tx, table, id), update);
  return {
    name,
    counts: table,
    tables: [table],
    async run(tx, p) {
      const cursor = p.after as (PageCursor & Partial<CopyCursor>) | null;
      if (cursor && !cursor.copy) return inPlace.run(tx, p);
      const from = cursor?.copy?.from ?? (await incidentPartition(tx, table, p.incidentId));
      if (!from) return inPlace.run(tx, p);
      const into = cursor?.copy?.into ?? (await createIncidentTable(tx, table, p.incidentId));
      const page = cursor?.page ?? 0;
      const end = cursor?.end ?? (await pagesOf(tx, from));
      if (page >= end) {
        await attachIncidentTable(tx, table, p.incidentId, into);
        return { changed: 0, next: null, done: true };
      }
      const to = page + pagesPerUnit(p.limit);
      const changed = await copyPseudonymised(tx, table, p, { from, into }, tidBounds(page, to));
      return { changed, next: { page: to, end, copy: { from, into } } satisfies CopyCursor, done: false };
    },
  };
}

/** A walk by key (`last` is the last key done), `limit` rows a unit: done when a unit found fewer. */
function byKey<K>(
  name: string,
  table: string,
  step: (tx: SqlQueryable, p: UnitParams, after: K | null) => Promise<{ changed: number; last: K | null }>,
): ForgetUnit {
  return {
    name,
    counts: table,
    tables: [table],
    async run(tx, p) {
      const { changed, last } = await step(tx, p, p.after as K | null);
      return { changed, next: last, done: changed < p.limit };
    },
  };
}

/** A unit over an incident's few rows of one table, in one statement. */
function once(
  name: string,
  table: string,
  step: (tx: SqlQueryable, incidentId: string) => Promise<number | Pick<UnitResult, "changed" | "kept">>,
): ForgetUnit {
  return {
    name,
    counts: table,
    tables: [table],
    async run(tx, p) {
      const done = await step(tx, p.incidentId);
      return { ...(typeof done === "number" ? { changed: done } : done), next: null, done: true };
    },
  };
}

const recipientPages = (tx: SqlQueryable, id: string) => incidentPartitionPages(tx, "leaked_recipients", id);
const triagePages = (tx: SqlQueryable, id: string) => incidentPartitionPages(tx, "triage_entries", id);

/** The pseudonymisation's units, in order: the big tables, then the incident's free text. */
const PSEUDONYMISE_UNITS: readonly ForgetUnit[] = [
  pseudonymiseBigTable("recipients", "leaked_recipients", pseudonymiseRecipients),
  pseudonymiseBigTable("triage", "triage_entries", pseudonymiseTriage),
  byKey<MessageKey>("notice messages", "notice_messages", (tx, p, after) =>
    pseudonymiseNoticeMessages(tx, { ...p, after }),
  ),
  byKey<string>("outbox", "notice_outbox", (tx, p, after) => pseudonymiseOutbox(tx, { ...p, after })),
  once("account notes", "account_notes", clear.clearAccountNotes),
  // Events another incident still exposes pass to it first, details and all.
  once("security events", "security_events", async (tx, id) => {
    const passed = await handOverSecurityEvents(tx, id);
    return { changed: await clear.clearSecurityEventDetails(tx, id), kept: { security_events: passed } };
  }),
  once("import rejects", "import_rejects", clear.clearImportRejects),
  once("import jobs", "import_jobs", clear.redactImportJobs),
  once("bulk actions", "bulk_actions", clear.redactBulkActions),
  once("holds", "withdrawal_holds", clear.redactHolds),
  once("campaigns", "notice_campaigns", clear.redactCampaigns),
  once("leak messages", "leak_messages", clear.redactLeakMessages),
  once("timeline", "timeline_event_versions", clear.redactTimeline),
  {
    name: "obligations and report",
    counts: "obligations_and_report",
    tables: ["notification_obligations", "incident_report_details"],
    async run(tx, p) {
      return { changed: await clear.redactObligationsAndReport(tx, p.incidentId), next: null, done: true };
    },
  },
  // Last, so a run begun before this unit existed meets it at its end.
  {
    name: "API answers",
    counts: "idempotency_records",
    tables: ["idempotency_records"],
    async run(tx, p) {
      return { changed: await scrubIdempotencyRecords(tx, p), next: null, done: true };
    },
  },
];

const PER_ACCOUNT_TABLES = ["account_notes", "security_events", "account_remediation", "withdrawal_holds"] as const;

/** The erasure's units: every row that named (even by pseudonym) a person or their account. */
const ERASE_UNITS: readonly ForgetUnit[] = [
  byPages("recipients", "leaked_recipients", recipientPages, (tx, p, tids) =>
    erase.eraseRecipients(tx, p.incidentId, tids),
  ),
  byPages("triage", "triage_entries", triagePages, (tx, p, tids) => erase.eraseTriage(tx, p.incidentId, tids)),
  byKey<MessageKey>("notice messages", "notice_messages", (tx, p, after) =>
    erase.eraseNoticeMessages(tx, p.incidentId, p.limit, after),
  ),
  byKey<string>("outbox", "notice_outbox", (tx, p, after) => erase.eraseOutbox(tx, p.incidentId, p.limit, after)),
  byPages(
    "bulk action items",
    "bulk_action_items",
    (tx) => tablePages(tx, "bulk_action_items"),
    (tx, p, tids) => erase.eraseBulkActionItems(tx, p.incidentId, tids),
  ),
  {
    name: "import rejects",
    counts: "import_rejects",
    tables: ["import_rejects"],
    async run(tx, p) {
      const changed = await erase.eraseImportRejects(tx, p.incidentId, p.limit);
      return { changed, next: null, done: changed < p.limit };
    },
  },
  ...PER_ACCOUNT_TABLES.map((table) =>
    byPages(
      table.replace(/_/g, " "),
      table,
      (tx) => tablePages(tx, table),
      async (tx, p, tids) => {
        // An account exposed since pseudonymisation (a later incident's list) keeps its events there.
        const passed = table === "security_events" ? await handOverSecurityEvents(tx, p.incidentId, tids) : 0;
        const changed = await erase.eraseIncidentRows(tx, table, p.incidentId, tids);
        return passed ? { changed, kept: { security_events: passed } } : changed;
      },
    ),
  ),
];

export function unitsOf(step: "pseudonymise" | "erase"): readonly ForgetUnit[] {
  return step === "pseudonymise" ? PSEUDONYMISE_UNITS : ERASE_UNITS;
}

/** Every table a step touched, once each: compacted at its end. */
export function tablesOf(step: "pseudonymise" | "erase"): string[] {
  return [
    ...new Set([
      ...unitsOf(step).flatMap((u) => u.tables),
      ...(step === "pseudonymise" ? ["incident_forget_keys"] : []),
    ]),
  ];
}
