import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { untilWaiting } from "../../test/lock-waits";
import { createTestIncident, createTestStaff } from "../timeline/test-fixtures";
import { importRecipientList } from "./import-recipients";

// An import records its completion (job, timeline event, audit entry) in the
// transaction that applied its rows, so that transaction must take its locks
// in the order every other writer does: a staff row before the audit chain's
// head (second-factor set-up, role and activation changes lock the person's
// row, then audit). Taken the other way round, a large import could lose all
// its work to a deadlock at its very end. PostgreSQL only: PGlite has one
// connection, so nothing runs beside an import there.

describe.skipIf(!testDbKinds().includes("postgres"))("an import's completion beside other writers on PostgreSQL", () => {
  let db: TestDb;
  let other: pg.Client;

  beforeAll(async () => {
    db = await openTestDb("postgres");
    other = new pg.Client({ connectionString: db.url });
    await other.connect();
  });
  afterAll(async () => {
    await other?.end();
    await db?.cleanup();
  });

  it("waits for a staff row locked by someone who then takes the audit chain's head, instead of deadlocking with them", async () => {
    const incident = await createTestIncident(db);
    const staff = await createTestStaff(db, "Ivy Importer");
    let resume!: () => void;
    const resumed = new Promise<void>((resolve) => (resume = resolve));
    let started!: () => void;
    const reading = new Promise<void>((resolve) => (started = resolve));
    async function* source() {
      yield Buffer.from("email,batch\n");
      started();
      await resumed;
      yield Buffer.from(Array.from({ length: 50 }, (_, i) => `c${i}@example.com,1`).join("\n") + "\n");
    }
    const imported = importRecipientList(db, {
      incidentId: incident.id,
      fileName: "list.csv",
      bytesTotal: null,
      source: source(),
      actor: { id: staff.id, email: staff.email },
    });
    // The job exists (it references the person); now someone locks their row, as a second-factor set-up does.
    await reading;
    await other.query("BEGIN");
    await other.query("SELECT id FROM staff_users WHERE id = $1::uuid FOR UPDATE", [staff.id]);
    resume();
    // The import reaches its completion and waits for that row...
    await untilWaiting(other, 1);
    // ...and the other writer, auditing last, finds the chain's head free.
    await other.query("SELECT * FROM audit_chain_lock()");
    await other.query("COMMIT");
    const summary = await imported;
    expect(summary).toMatchObject({ imported: 50, rejected: 0 });
    const job = await db.prisma.importJob.findUniqueOrThrow({ where: { id: summary.importId } });
    expect(job.status).toBe("completed");
  });
});
