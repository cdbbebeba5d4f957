import type { SqlQueryable } from "../db/driver";
import * as clear from "./sql/clear-free-text";
import * as erase from "./sql/erase-rows";
import type { UnitParams } from "./sql/pseudonym-sql";
import { pseudonymiseNoticeMessages, pseudonymiseOutbox, type MessageKey } from "./sql/pseudonymise-notices";
import { pseudonymiseRecipients } from "./sql/pseudonymise-recipients";
import { pseudonymiseTriage } from "./sql/pseudonymise-triage";

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
  run(tx: SqlQueryable, p: UnitParams): Promise<{ changed: number; next: unknown; done: boolean }>;
};

/** A unit that changes up to `limit` rows of what is left: done when it changed fewer. */
function untilShort(
  name: string,
  counts: string,
  tables: readonly string[],
  step: (tx: SqlQueryable, p: UnitParams) => Promise<number>,
): ForgetUnit {
  return {
    name,
    counts,
    tables,
    async run(tx, p) {
      const changed = await step(tx, p);
      return { changed, next: null, done: changed < p.limit };
    },
  };
}

/** A unit over an incident's few rows of one table, in one statement. */
function once(
  name: string,
  table: string,
  step: (tx: SqlQueryable, incidentId: string) => Promise<number>,
): ForgetUnit {
  return {
    name,
    counts: table,
    tables: [table],
    async run(tx, p) {
      return { changed: await step(tx, p.incidentId), next: null, done: true };
    },
  };
}

/** The pseudonymisation's units, in order: the bulk tables by keyset, then the incident's free text. */
const PSEUDONYMISE_UNITS: readonly ForgetUnit[] = [
  untilShort("recipients below", "leaked_recipients", ["leaked_recipients"], (tx, p) =>
    pseudonymiseRecipients(tx, "below", p),
  ),
  untilShort("recipients above", "leaked_recipients", ["leaked_recipients"], (tx, p) =>
    pseudonymiseRecipients(tx, "above", p),
  ),
  untilShort("triage below", "triage_entries", ["triage_entries"], (tx, p) => pseudonymiseTriage(tx, "below", p)),
  untilShort("triage above", "triage_entries", ["triage_entries"], (tx, p) => pseudonymiseTriage(tx, "above", p)),
  {
    name: "notice messages",
    counts: "notice_messages",
    tables: ["notice_messages"],
    async run(tx, p) {
      const { changed, last } = await pseudonymiseNoticeMessages(tx, { ...p, after: p.after as MessageKey | null });
      return { changed, next: last, done: changed < p.limit };
    },
  },
  {
    name: "outbox",
    counts: "notice_outbox",
    tables: ["notice_outbox"],
    async run(tx, p) {
      const { changed, last } = await pseudonymiseOutbox(tx, { ...p, after: p.after as string | null });
      return { changed, next: last, done: changed < p.limit };
    },
  },
  once("account notes", "account_notes", clear.clearAccountNotes),
  once("security events", "security_events", clear.clearSecurityEventDetails),
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
];

function eraseUnit(
  name: string,
  table: string,
  step: (tx: SqlQueryable, incidentId: string, limit: number) => Promise<number>,
) {
  return untilShort(name, table, [table], (tx, p) => step(tx, p.incidentId, p.limit));
}

/** The erasure's units: every row that named (even by pseudonym) a person or their account. */
const ERASE_UNITS: readonly ForgetUnit[] = [
  eraseUnit("recipients", "leaked_recipients", erase.eraseRecipients),
  eraseUnit("triage", "triage_entries", erase.eraseTriage),
  eraseUnit("notice messages", "notice_messages", erase.eraseNoticeMessages),
  eraseUnit("outbox", "notice_outbox", erase.eraseOutbox),
  eraseUnit("bulk action items", "bulk_action_items", erase.eraseBulkActionItems),
  eraseUnit("import rejects", "import_rejects", erase.eraseImportRejects),
  ...(["account_notes", "security_events", "account_remediation", "withdrawal_holds"] as const).map((table) =>
    eraseUnit(table.replace(/_/g, " "), table, (tx, id, limit) => erase.eraseIncidentRows(tx, table, id, limit)),
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
