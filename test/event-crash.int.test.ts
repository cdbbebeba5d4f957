import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDestination, sendTestEvent } from "../server/events/destinations/manage-destination";
import { createRemediationFixture } from "../server/remediation/test-fixtures";
import { crashTestDatabase } from "./crash-database";
import { resetTestDb, testDbKinds } from "./db";
import { startEventReceiver, type EventReceiver } from "./event-receiver";
import { breachdesk } from "./run-cli";

// The event delivery worker killed with SIGKILL after its POST reached the
// receiver and before it recorded the answer (`breachdesk worker --drain`,
// BREACHDESK_CRASH_AT=event-delivered), then restarted: the delivery's lease
// runs out, the next worker delivers it again, with the same webhook-id, so
// the receiver can drop the repeat. At least once, idempotent by event id.

describe.each(testDbKinds())("an event delivery worker killed with SIGKILL on %s", { timeout: 240_000 }, (kind) => {
  let receiver: EventReceiver;
  const database = crashTestDatabase(kind, "event crash test");

  beforeAll(async () => {
    receiver = await startEventReceiver();
    await database.open({
      BREACHDESK_WORK_LEASE_SECONDS: "1",
      BREACHDESK_WORK_POLL_MS: "50",
      BREACHDESK_EVENT_TIMEOUT_MS: "5000",
      BREACHDESK_OUTBOUND_ALLOW_HOSTS: "127.0.0.1",
    });
  });
  afterAll(async () => {
    await receiver.close();
    await database.close();
  });

  it("redelivers after the kill, with the same webhook-id", async () => {
    const { destinationId, eventId } = await database.withDb(async (db) => {
      await resetTestDb(db);
      const f = await createRemediationFixture(db, 1);
      const { destination } = await createDestination(db, { name: "SOAR", kind: "webhook", url: receiver.url("/soar") }, f.approver);
      const { eventId } = await sendTestEvent(db, destination.id, f.approver);
      return { destinationId: destination.id, eventId };
    });

    const killed = await breachdesk(database.env, ["worker", "--drain"], "event-delivered");
    expect(killed.crashed, killed.stderr).toBe(true);
    expect(killed.signal).toBe("SIGKILL");
    const queued = await database.withDb((db) =>
      db.sql.query<{ status: string; last_error: string | null }>(
        `SELECT status::text, last_error FROM event_deliveries WHERE destination_id = $1::uuid`,
        [destinationId],
      ),
    );
    expect(queued).toEqual([{ status: "queued", last_error: null }]);
    expect(receiver.received("/soar")).toHaveLength(1);

    const again = await breachdesk(database.env, ["worker", "--drain"]);
    expect(again.code, again.stderr).toBe(0);
    const ids = receiver.received("/soar").map((r) => r.headers["webhook-id"]);
    expect(ids).toEqual([eventId, eventId]);
    const [delivery] = await database.withDb((db) =>
      db.sql.query<{ status: string; attempts: number }>(
        `SELECT status::text, attempts FROM event_deliveries WHERE destination_id = $1::uuid`,
        [destinationId],
      ),
    );
    expect(delivery).toEqual({ status: "delivered", attempts: 2 });
  });
});
