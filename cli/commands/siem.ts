import { readFile } from "node:fs/promises";
import { z } from "zod";
import { can } from "../../lib/auth/permissions";
import type { StaffActor } from "../../server/audit/record-audit";
import { normalizeStaffEmail } from "../../server/auth/verify-staff-credentials";
import type { Db } from "../../server/db";
import { AppError } from "../../server/errors";
import {
  addForwardDestination,
  listForwardDestinations,
  removeForwardDestination,
  type DestinationView,
} from "../../server/siem/manage-destinations";
import { withDb, type CommandContext } from "../context";

type Values = Record<string, string | boolean | undefined>;

/** Who the shell acts as: `--as <email>` (active, with audit.forwarding), else the first active admin. */
async function adminOf(db: Db, as: string | boolean | undefined): Promise<StaffActor> {
  const user =
    typeof as === "string"
      ? await db.prisma.staffUser.findUnique({ where: { email: normalizeStaffEmail(as) } })
      : await db.prisma.staffUser.findFirst({
          where: { role: "admin", active: true },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        });
  if (!user || !user.active) {
    throw new AppError(
      "NOT_FOUND",
      typeof as === "string"
        ? `No active staff user with e-mail ${as}.`
        : "There is no active admin to act as: create one first.",
    );
  }
  if (!can(user.role, "audit.forwarding"))
    throw new AppError("FORBIDDEN", `${user.email}'s role does not allow configuring audit forwarding.`);
  return { id: user.id, email: user.email };
}

async function readToken(): Promise<string> {
  if (process.stdin.isTTY)
    throw new AppError("VALIDATION", "Pipe the token on standard input.", { "token-stdin": "no input" });
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

function describe(d: DestinationView): string {
  const where = d.url ?? `${d.host}:${d.port}`;
  const error = d.lastError ? `; last error ${d.lastErrorAt}: ${d.lastError}` : "";
  return `${d.name} (${d.kind}, ${where}): ${d.state}, forwarded up to entry ${d.cursorId}, ${d.lag} behind${error}`;
}

/** `breachdesk siem add --name n --kind k (--host h --port p | --url u) [--ca file] [--token-stdin] [--disabled] [--as email]` */
export async function runSiemAdd(ctx: CommandContext, values: Values): Promise<DestinationView> {
  const caPem = typeof values.ca === "string" ? await readFile(values.ca, "utf8") : undefined;
  const token = values["token-stdin"] ? await readToken() : undefined;
  const input = {
    name: values.name,
    kind: values.kind,
    host: values.host,
    port: values.port,
    url: values.url,
    caPem,
    token,
    enabled: !values.disabled,
  };
  return withDb(ctx, async (db) => {
    const actor = await adminOf(db, values.as);
    const added = await addForwardDestination(db, input, actor).catch((error: unknown) => {
      if (error instanceof z.ZodError) {
        const fields = Object.fromEntries(error.issues.map((i) => [String(i.path[0] ?? "input"), i.message]));
        throw new AppError("VALIDATION", "Cannot add the destination:", fields);
      }
      throw error;
    });
    ctx.log(`Added ${describe(added)}.`);
    return added;
  });
}

/** `breachdesk siem list` and `siem status`: every destination, its cursor, lag and last error. */
export async function runSiemList(ctx: CommandContext): Promise<{ destinations: DestinationView[] }> {
  return withDb(ctx, async (db) => {
    const destinations = await listForwardDestinations(db);
    if (destinations.length === 0) ctx.log("No audit forwarding destinations.");
    for (const d of destinations) ctx.log(describe(d));
    return { destinations };
  });
}

/** `breachdesk siem remove <name or id> [--as email]` */
export async function runSiemRemove(
  ctx: CommandContext,
  values: Values,
  positionals: string[],
): Promise<DestinationView> {
  const which = positionals[0];
  if (!which) throw new AppError("VALIDATION", "Name the destination:", { name: "its name or id" });
  return withDb(ctx, async (db) => {
    const actor = await adminOf(db, values.as);
    const removed = await removeForwardDestination(db, which, actor);
    ctx.log(`Removed ${removed.name}.`);
    return removed;
  });
}
