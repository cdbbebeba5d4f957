import "server-only";
import { randomUUID } from "node:crypto";
import { AddDestinationInput } from "../../lib/siem/destination-input";
import { recordAudit, type StaffActor } from "../audit/record-audit";
import type { Db } from "../db";
import { AppError, prismaErrorCode } from "../errors";
import { sealDestinationToken } from "./seal-token";

/** A destination as the CLI, the API and the admin page show it: never its token, only whether it has one. */
export type DestinationView = {
  id: string;
  name: string;
  kind: string;
  host: string | null;
  port: number | null;
  url: string | null;
  hasCa: boolean;
  hasToken: boolean;
  enabled: boolean;
  /** The last entry the receiver took. */
  cursorId: number;
  /** Entries behind the chain's head. */
  lag: number;
  forwarded: number;
  /** ok, retrying (failures in a row, a retry due at runAfter), breaker-open, disabled. */
  state: "ok" | "retrying" | "breaker-open" | "disabled";
  failuresInARow: number;
  runAfter: string;
  lastError: string | null;
  lastErrorAt: string | null;
  lastSentAt: string | null;
  createdAt: string;
};

type DestinationRow = Awaited<ReturnType<Db["prisma"]["auditForwardDestination"]["findMany"]>>[number];

function viewOf(row: DestinationRow, headId: number): DestinationView {
  const state = !row.enabled ? "disabled" : row.breakerOpen ? "breaker-open" : row.attempts > 0 ? "retrying" : "ok";
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    host: row.host,
    port: row.port,
    url: row.url,
    hasCa: row.caPem !== null,
    hasToken: row.tokenSealed !== null,
    enabled: row.enabled,
    cursorId: row.cursorId,
    lag: Math.max(0, headId - row.cursorId),
    forwarded: row.forwarded,
    state,
    failuresInARow: row.attempts,
    runAfter: row.runAfter.toISOString(),
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt?.toISOString() ?? null,
    lastSentAt: row.lastSentAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

async function chainHeadId(db: Db): Promise<number> {
  const [head] = await db.sql.query<{ last_id: number }>(`SELECT last_id FROM audit_chain_head WHERE id = 1`);
  return Number(head?.last_id ?? 0);
}

/** Every destination with its forwarding status (lag behind the chain's head, last error). */
export async function listForwardDestinations(db: Db): Promise<DestinationView[]> {
  const [rows, headId] = await Promise.all([
    db.prisma.auditForwardDestination.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    chainHeadId(db),
  ]);
  return rows.map((row) => viewOf(row, headId));
}

/**
 * Adds a destination. It starts at the chain's beginning (cursor 0): the SIEM
 * receives the whole history, and so holds a copy of the whole chain. The
 * token is sealed before it is stored and never shown again.
 */
export async function addForwardDestination(db: Db, input: unknown, actor: StaffActor): Promise<DestinationView> {
  const parsed = AddDestinationInput.parse(input);
  const id = randomUUID();
  try {
    const row = await db.prisma.$transaction(async (tx) => {
      const created = await tx.auditForwardDestination.create({
        data: {
          id,
          name: parsed.name,
          kind: parsed.kind,
          host: parsed.host ?? null,
          port: parsed.port ?? null,
          url: parsed.url ?? null,
          caPem: parsed.caPem ?? null,
          tokenSealed: parsed.token ? sealDestinationToken(id, parsed.token) : null,
          enabled: parsed.enabled,
        },
      });
      await recordAudit(tx, {
        actor,
        action: "audit.forwarding_added",
        targetType: "audit_forward_destination",
        targetId: id,
        detail: {
          name: parsed.name,
          kind: parsed.kind,
          ...(parsed.url ? { url: parsed.url } : { host: parsed.host, port: parsed.port }),
          hasCa: Boolean(parsed.caPem),
          hasToken: Boolean(parsed.token),
        },
      });
      return created;
    });
    return viewOf(row, await chainHeadId(db));
  } catch (error) {
    if (prismaErrorCode(error) === "P2002")
      throw new AppError("CONFLICT", `A destination named "${parsed.name}" already exists.`);
    throw error;
  }
}

/** Removes a destination by id or name; what it had forwarded stays in the SIEM. */
export async function removeForwardDestination(db: Db, idOrName: string, actor: StaffActor): Promise<DestinationView> {
  const headId = await chainHeadId(db);
  return db.prisma.$transaction(async (tx) => {
    const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrName);
    const row = await tx.auditForwardDestination.findFirst({ where: isId ? { id: idOrName } : { name: idOrName } });
    if (!row) throw new AppError("NOT_FOUND", `No forwarding destination "${idOrName}".`);
    await tx.auditForwardDestination.delete({ where: { id: row.id } });
    await recordAudit(tx, {
      actor,
      action: "audit.forwarding_removed",
      targetType: "audit_forward_destination",
      targetId: row.id,
      detail: { name: row.name, kind: row.kind, cursorId: row.cursorId },
    });
    return viewOf(row, headId);
  });
}
