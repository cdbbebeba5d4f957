import { describe, expect, it } from "vitest";
import { claimSql } from "./claim";

const spec = {
  alias: "b",
  due: "b.status = 'queued'",
  orderBy: "b.batch_no",
  limit: 1,
  returning: "b.batch_no",
} as const;

describe("a claim statement", () => {
  it("locks the due rows it takes, skipping those others hold, and leases them by their keys", () => {
    const sql = claimSql({ ...spec, table: "bulk_action_batches", keys: ["bulk_action_id", "batch_no"] });
    expect(sql).toContain("FOR UPDATE OF b SKIP LOCKED");
    expect(sql).toContain("b.bulk_action_id = next.bulk_action_id AND b.batch_no = next.batch_no");
    expect(sql).toContain("lease_owner = $1");
  });

  it("names its table and keys from the schema's row types", () => {
    // @ts-expect-error: not a table
    claimSql({ ...spec, table: "bulk_batches", keys: ["batch_no"] });
    // @ts-expect-error: not a column of bulk_action_batches
    claimSql({ ...spec, table: "bulk_action_batches", keys: ["batch_number"] });
  });
});
