import { z } from "zod";
import { can } from "../../lib/auth/permissions";
import { normalizeStaffEmail } from "../../server/auth/verify-staff-credentials";
import type { Db } from "../../server/db";
import { AppError } from "../../server/errors";
import { cancelBulkAction, pauseBulkAction, resumeBulkAction } from "../../server/remediation/control-bulk-action";
import { getBulkActionViewOrThrow } from "../../server/remediation/get-bulk-action";
import type { StaffActor } from "../../server/audit/record-audit";
import { withDb, type CommandContext } from "../context";

type Values = Record<string, string | boolean | undefined>;

/**
 * Who the shell acts as: the staff user named by `--as <email>` (active, with
 * `bulk.request`), else the first active admin. The audit log names them.
 */
async function operatorOf(db: Db, as: string | boolean | undefined): Promise<StaffActor> {
  if (typeof as === "string") {
    const user = await db.prisma.staffUser.findUnique({ where: { email: normalizeStaffEmail(as) } });
    if (!user || !user.active) throw new AppError("NOT_FOUND", `No active staff user with e-mail ${as}.`);
    if (!can(user.role, "bulk.request")) {
      throw new AppError(
        "FORBIDDEN",
        `${user.email}'s role does not allow pausing, resuming or cancelling bulk actions.`,
      );
    }
    return { id: user.id, email: user.email };
  }
  const admin = await db.prisma.staffUser.findFirst({
    where: { role: "admin", active: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  if (!admin)
    throw new AppError("NOT_FOUND", "There is no active admin to act as: name a staff user with --as <email>.");
  return { id: admin.id, email: admin.email };
}

function bulkActionId(positionals: string[]): string {
  const id = positionals[0];
  if (!id || !z.uuid().safeParse(id).success) {
    throw new AppError("VALIDATION", "Name the bulk action:", { id: "the bulk action's id (a UUID)" });
  }
  return id;
}

type Verb = "pause" | "resume" | "cancel";

const VERBS = { pause: pauseBulkAction, resume: resumeBulkAction, cancel: cancelBulkAction } as const;

function runBulkVerb(verb: Verb) {
  return async (ctx: CommandContext, values: Values, positionals: string[]) => {
    const id = bulkActionId(positionals);
    return withDb(ctx, async (db) => {
      const actor = await operatorOf(db, values.as);
      ctx.log(`Acting as ${actor.email}.`);
      const result = await VERBS[verb](db, id, actor);
      const view = await getBulkActionViewOrThrow(db, id);
      ctx.log(`Bulk action ${id}: ${view.status}; ${view.remaining} of ${view.total} remaining.`);
      return {
        ...result,
        total: view.total,
        succeeded: view.succeeded,
        skipped: view.skipped,
        failed: view.failed,
        cancelled: view.cancelled,
        remaining: view.remaining,
      };
    });
  };
}

export const runBulkPause = runBulkVerb("pause");
export const runBulkResume = runBulkVerb("resume");
export const runBulkCancel = runBulkVerb("cancel");
