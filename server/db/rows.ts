import type { Tables } from "./generated/rows";

// The raw SQL's row types, from prisma/schema.prisma (server/db/generated/rows.ts,
// written by `prisma generate`: scripts/prisma-row-types.mjs). A statement's
// row is named by the table columns it returns, so a column's type follows
// the schema instead of a hand-typed copy of it: Row<"bulk_actions", "status" | "total">.

export type { Tables };
export type TableName = keyof Tables;

/** The columns `C` of a row of `T`, as the drivers return them. */
export type Row<T extends TableName, C extends keyof Tables[T]> = Pick<Tables[T], C>;

/** One column's type, for a column returned under another name (`s.email AS requested_by_email`). */
export type Column<T extends TableName, C extends keyof Tables[T]> = Tables[T][C];

/** The columns of a LEFT JOINed table: null when no row matched. */
export type OuterJoined<R> = { [K in keyof R]: R[K] | null };
