import type { Prisma as PrismaNamespace } from "./generated/prisma/client";
import type { SqlQueryable } from "./driver";

export type PrismaTx = PrismaNamespace.TransactionClient;

/**
 * A Prisma transaction as the SQL surface the set-based code uses, so that
 * bulk statements, Prisma writes and recordTimelineEvent commit together.
 */
export function sqlOf(tx: PrismaTx, kind: SqlQueryable["kind"]): SqlQueryable {
  return {
    kind,
    query: <T,>(sql: string, params: unknown[] = []) => tx.$queryRawUnsafe<T[]>(sql, ...params),
    run: (sql: string, params: unknown[] = []) => tx.$executeRawUnsafe(sql, ...params),
    async exec(sql: string) {
      await tx.$executeRawUnsafe(sql);
    },
  };
}

/** Long bulk statements run in interactive transactions: Prisma's 5 s default is too short. */
export const LONG_TRANSACTION = { maxWait: 60_000, timeout: 15 * 60_000 } as const;
