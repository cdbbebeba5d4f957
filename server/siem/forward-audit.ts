import { hostname } from "node:os";
import type { ForwardedEntry } from "../../lib/siem/forwarded-entry";
import type { Db } from "../db";
import { backoffSeconds } from "../jobs/backoff";
import { claimRows } from "../jobs/claim";
import { jobsConfig } from "../jobs/config";
import { crashPoint } from "../jobs/crash-point";
import type { JobKind } from "../jobs/job-kind";
import { keepLeaseAlive } from "../jobs/lease";
import { deliverBatch, DeliveryError, type Receiver } from "./deliver";
import { openDestinationToken } from "./seal-token";
import { siemConfig } from "./siem-config";
import { advanceCursor } from "./sql/advance-cursor";
import { CLAIM_DESTINATION, type ClaimedDestination } from "./sql/claim-destination";
import { extendDestinationLease } from "./sql/extend-lease";
import { forwardingLeft } from "./sql/forwarding-left";
import { readChainedEntries, type ChainedEntryRow } from "./sql/read-chained-entries";
import { recordFailure } from "./sql/record-failure";

/*
 * Forwarding the audit log, one destination at a time:
 *
 *   claim (lease on the destination row) ─► read the entries after its cursor, up to the chain head
 *   ─► send them (the receiver takes the whole batch) ─► move the cursor, in a transaction that
 *      still holds the lease (cursor where the batch began, lease ours)
 *
 * At least once: a forwarder that dies between the send and the cursor's move
 * leaves the cursor where it was, and the next holder sends that batch again.
 * Over plain syslog nothing can tell the receiver "you have these already", so
 * the only duplicates a receiver ever sees are that one last batch, each copy
 * carrying the entry's id and chain hash: identical copies, recognisable as
 * such (`audit verify --against` accepts them, and names an id whose copies
 * differ). Elastic stores each entry under its id with `create`, so there a
 * resent batch is refused item by item as already stored: exactly once.
 */

export type ForwardOutcome = { destination: string; sent: number; failed: boolean };

let batchesSent = 0;

function forwardedEntry(row: ChainedEntryRow): ForwardedEntry {
  return {
    id: Number(row.id),
    at: new Date(row.at).toISOString(),
    actorId: row.actor_id,
    actorEmail: row.actor_email,
    action: row.action,
    incidentId: row.incident_id,
    targetType: row.target_type,
    targetId: row.target_id,
    detail: row.detail ?? null,
    ip: row.ip,
    prevHash: row.prev_hash,
    hash: row.hash,
    keyed: row.keyed,
  };
}

function receiverOf(d: ClaimedDestination): Receiver {
  if (d.kind === "syslog_tcp" || d.kind === "syslog_tls") {
    return { kind: d.kind, host: d.host ?? "127.0.0.1", port: Number(d.port), caPem: d.ca_pem };
  }
  if (d.kind === "splunk_hec" || d.kind === "elastic_bulk") {
    return {
      kind: d.kind,
      url: d.url ?? "",
      caPem: d.ca_pem,
      token: d.token_sealed ? openDestinationToken(d.id, d.token_sealed) : null,
    };
  }
  throw new DeliveryError(`Unknown destination kind ${d.kind}`);
}

async function claimDestination(db: Db, workerId: string, leaseSeconds: number): Promise<ClaimedDestination | null> {
  const [claimed] = await db.sql.transaction((tx) =>
    claimRows<ClaimedDestination>(tx, CLAIM_DESTINATION, { workerId, leaseSeconds }),
  );
  return claimed ?? null;
}

async function fail(db: Db, d: ClaimedDestination, workerId: string, error: unknown): Promise<ForwardOutcome> {
  const config = siemConfig();
  const failures = Number(d.attempts) + 1;
  const breakerOpen = failures >= config.breakerFailures;
  const retryAfter = error instanceof DeliveryError ? error.retryAfterSeconds : null;
  const backoff = backoffSeconds(failures - 1, {
    baseSeconds: config.retryBaseSeconds,
    capSeconds: 300,
    maxExponent: 12,
  });
  await db.sql.transaction((tx) =>
    recordFailure(tx, {
      destinationId: d.id,
      workerId,
      error: (error as Error).message,
      retrySeconds: breakerOpen ? config.breakerSeconds : Math.max(backoff, retryAfter ?? 0),
      breakerOpen,
    }),
  );
  return { destination: d.name, sent: 0, failed: true };
}

/** Claims one destination that is behind, sends its next batch and moves its cursor. Null when none was due. */
async function forwardOneBatch(db: Db, workerId: string): Promise<ForwardOutcome | null> {
  const { leaseSeconds } = jobsConfig();
  const d = await claimDestination(db, workerId, leaseSeconds);
  if (!d) return null;
  const from = Number(d.cursor_id);
  let entries: ForwardedEntry[];
  let receiver: Receiver;
  try {
    receiver = receiverOf(d);
    entries = (await readChainedEntries(db.sql, from, siemConfig().batchSize)).map(forwardedEntry);
    if (entries.length === 0) throw new DeliveryError("No chained entries after the cursor up to the chain head");
    if (entries[0]!.id !== from + 1 && from > 0)
      throw new DeliveryError(`Entry ${from + 1} is missing from the audit log`);
  } catch (error) {
    return fail(db, d, workerId, error);
  }
  const heartbeat = keepLeaseAlive(() => extendDestinationLease(db.sql, d.id, workerId, leaseSeconds), leaseSeconds);
  try {
    await deliverBatch(receiver, entries, hostname(), heartbeat.signal);
  } catch (error) {
    return fail(db, d, workerId, error);
  } finally {
    heartbeat.stop();
  }
  batchesSent += 1;
  // The receiver has the batch; the cursor has not moved yet.
  if (batchesSent > 1) await crashPoint("siem-sent");
  const to = entries.at(-1)!.id;
  const moved = await db.sql.transaction((tx) =>
    advanceCursor(tx, { destinationId: d.id, workerId, from, to, count: entries.length }),
  );
  return { destination: d.name, sent: moved ? entries.length : 0, failed: !moved };
}

/** Audit forwarding as a kind of leased work: the unit is one batch to one destination. */
export function auditForwardJobs(): JobKind<ForwardOutcome> {
  return {
    name: "audit forwarder",
    workerLabel: "siem",
    drainLabel: "siem-drain",
    sweeps: [],
    loops: () => 1,
    open: (db) => ({
      describe: `batches of ${siemConfig().batchSize} audit entries`,
      runOne: (workerId) => forwardOneBatch(db, workerId),
      hasWork: () => forwardingLeft(db.sql),
      count: (outcome) => outcome.sent,
      close: () => undefined,
    }),
  };
}
