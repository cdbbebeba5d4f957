import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDbKinds, type TestDb } from "../../../test/db";
import { createApiToken } from "../api-tokens/create-api-token";
import { createTestIncident, createTestStaff } from "../test-fixtures";
import { MAX_TIMELINE_BODY_BYTES, postTimelineEventFromApi } from "./post-timeline-event";

// Regression: the body of the token-authenticated timeline POST is read
// only after the token is accepted, and never past its limit.
describe.each(testDbKinds())("timeline POST body handling on %s", (kind) => {
  let db: TestDb;
  let incident: Awaited<ReturnType<typeof createTestIncident>>;
  let token: string;

  beforeAll(async () => {
    db = await openTestDb(kind);
    incident = await createTestIncident(db);
    const admin = await createTestStaff(db, "Ada Admin");
    token = (await createApiToken(db, { name: "SIEM", incidentId: incident.id }, admin)).token;
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("never reads the body of a request without a valid token", async () => {
    let reads = 0;
    for (const authorization of [null, "Bearer bd_not-a-real-token-0000000000000000000000"]) {
      const result = await postTimelineEventFromApi(db, {
        slug: incident.slug,
        authorization,
        idempotencyKey: null,
        rawBody: async () => {
          reads += 1;
          return "{}";
        },
      });
      expect(result.status).toBe(401);
    }
    expect(reads).toBe(0);
  });

  it("answers 413 for a body over the limit", async () => {
    const result = await postTimelineEventFromApi(db, {
      slug: incident.slug,
      authorization: `Bearer ${token}`,
      idempotencyKey: null,
      rawBody: async () => JSON.stringify({ title: "x".repeat(MAX_TIMELINE_BODY_BYTES) }),
    });
    expect(result.status).toBe(413);
  });
});
