import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDbKinds, type TestDb } from "../../../test/db";
import { createApiToken } from "../api-tokens/create-api-token";
import { revokeApiToken } from "../api-tokens/revoke-api-token";
import { generateApiToken } from "../api-tokens/token-secret";
import { createTestIncident, createTestStaff } from "../test-fixtures";
import { postTimelineEventFromApi } from "./post-timeline-event";

type Json = Record<string, unknown> & {
  event?: Record<string, unknown>;
  error?: { code: string; fields?: Record<string, string> };
};

describe.each(testDbKinds())("POST /api/v1/incidents/<slug>/timeline on %s", (kind) => {
  let db: TestDb;
  let incident: Awaited<ReturnType<typeof createTestIncident>>;
  let otherIncident: Awaited<ReturnType<typeof createTestIncident>>;
  let admin: Awaited<ReturnType<typeof createTestStaff>>;
  let token: string;
  let scopedToOther: string;

  const valid = {
    occurredAt: "2019-11-07T10:15:00+01:00",
    timeZone: "Europe/Berlin",
    category: "detection",
    title: "SIEM: spike in failed logins from 198.51.100.0/24",
    evidenceLinks: ["https://siem.example.com/alerts/1234"],
  };

  async function post(body: unknown, options: { token?: string | null; key?: string; slug?: string } = {}) {
    const result = await postTimelineEventFromApi(db, {
      slug: options.slug ?? incident.slug,
      authorization: options.token === null ? null : `Bearer ${options.token ?? token}`,
      idempotencyKey: options.key ?? null,
      rawBody: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { ...result, json: result.body as Json };
  }

  beforeAll(async () => {
    db = await openTestDb(kind);
    incident = await createTestIncident(db);
    otherIncident = await createTestIncident(db);
    admin = await createTestStaff(db, "Ada Admin");
    // It may set milestones too, so that a retry differing in its milestone meets the idempotency check.
    token = (
      await createApiToken(
        db,
        { name: "SIEM", incidentId: incident.id, scopes: ["timeline.write", "timeline.milestones"] },
        admin,
      )
    ).token;
    scopedToOther = (await createApiToken(db, { name: "Other", incidentId: otherIncident.id }, admin)).token;
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("stores only the token's hash, and audits its creation", async () => {
    const created = await createApiToken(db, { name: "Status page" }, admin);
    const row = await db.prisma.apiToken.findUniqueOrThrow({ where: { id: created.record.id } });
    expect(row.tokenHash).not.toContain(created.token);
    expect(JSON.stringify(row)).not.toContain(created.token.slice(10));
    expect(await db.prisma.auditLog.count({ where: { targetId: row.id, action: "api_token.created" } })).toBe(1);
  });

  it("creates the event with 201, source api, recorded by the token", async () => {
    const response = await post(valid);
    expect(response.status).toBe(201);
    expect(response.json.event).toMatchObject({
      incident: incident.slug,
      occurredAt: "2019-11-07T09:15:00.000Z",
      timeZone: "Europe/Berlin",
      category: "detection",
      source: "api",
      recordedBy: "API: SIEM",
      version: 1,
    });
    const tokenRow = await db.prisma.apiToken.findFirstOrThrow({ where: { name: "SIEM" } });
    expect(tokenRow.lastUsedAt).not.toBeNull();
  });

  it("answers 401 without a token, with a wrong one and with a revoked one", async () => {
    expect((await post(valid, { token: null })).status).toBe(401);
    expect((await post(valid, { token: "bd_not-a-token" })).status).toBe(401);
    expect((await post(valid, { token: generateApiToken().token })).status).toBe(401);
    const revoked = await createApiToken(db, { name: "Old", incidentId: incident.id }, admin);
    expect((await post(valid, { token: revoked.token })).status).toBe(201);
    await revokeApiToken(db, { tokenId: revoked.record.id }, admin);
    const response = await post(valid, { token: revoked.token });
    expect(response.status).toBe(401);
    expect(response.headers?.["WWW-Authenticate"]).toContain("Bearer");
  });

  it("answers 403 for a token without the scope or limited to another incident, before revealing anything", async () => {
    expect((await post(valid, { token: scopedToOther })).status).toBe(403);
    expect((await post(valid, { token: scopedToOther, slug: "no-such-incident" })).status).toBe(403);
    const unscoped = generateApiToken();
    await db.prisma.apiToken.create({
      data: {
        name: "Read only",
        tokenHash: unscoped.hash,
        prefix: unscoped.prefix,
        scopes: ["timeline.read"],
        createdById: admin.id,
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    expect((await post(valid, { token: unscoped.token })).status).toBe(403);
  });

  it("answers 404 for an unknown incident to a token valid for all incidents", async () => {
    const global = await createApiToken(db, { name: "Global" }, admin);
    expect((await post(valid, { token: global.token, slug: "no-such-incident" })).status).toBe(404);
    expect((await post(valid, { token: global.token, slug: otherIncident.slug })).status).toBe(201);
  });

  it("answers 422 with field errors for bad input", async () => {
    const response = await post({
      occurredAt: "2019-11-07 10:15",
      category: "gossip",
      title: "",
      evidenceLinks: ["javascript:alert(1)"],
      extra: true,
    });
    expect(response.status).toBe(422);
    expect(response.json.error?.code).toBe("VALIDATION");
    expect(Object.keys(response.json.error?.fields ?? {}).sort()).toEqual(
      // "body": the unknown key "extra" is refused for the body as a whole.
      ["body", "category", "evidenceLinks.0", "occurredAt", "title"],
    );
    expect((await post("{not json")).status).toBe(422);
    expect((await post([1, 2])).status).toBe(422);
  });

  it("does not duplicate a retried POST (Idempotency-Key header or externalId)", async () => {
    const before = await db.prisma.timelineEvent.count({ where: { incidentId: incident.id } });
    const first = await post({ ...valid, title: "Ticket opened" }, { key: "ticket-77" });
    const retry = await post({ ...valid, title: "Ticket opened" }, { key: "ticket-77" });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.headers?.["Idempotent-Replayed"]).toBe("true");
    expect(retry.json.event?.id).toBe(first.json.event?.id);

    const viaBody = await post({ ...valid, title: "Ticket opened", externalId: "ticket-77" });
    expect(viaBody.json.event?.id).toBe(first.json.event?.id);
    expect(await db.prisma.timelineEvent.count({ where: { incidentId: incident.id } })).toBe(before + 1);

    // Any difference in the request is a reused key: 422, never the old event.
    for (const changed of [
      { title: "Something else" },
      { title: "Ticket opened", milestone: "contained" },
      { title: "Ticket opened", body: "More detail" },
      { title: "Ticket opened", evidenceLinks: ["https://tickets.example.com/77"] },
      { title: "Ticket opened", timeZone: "Europe/Paris" },
    ]) {
      const reused = await post({ ...valid, ...changed }, { key: "ticket-77" });
      expect(reused.status, JSON.stringify(changed)).toBe(422);
      expect(reused.json.error?.code).toBe("IDEMPOTENCY_KEY_REUSED");
    }
    expect((await post({ ...valid, externalId: "a" }, { key: "b" })).status).toBe(422);
  });

  it("creates one event when the same retry arrives several times at once", async () => {
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => post({ ...valid, title: "Concurrent" }, { key: "burst-1" })),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.json.event?.id)).size).toBe(1);
    expect(await db.prisma.timelineEvent.count({ where: { externalId: "burst-1" } })).toBe(1);
  });
});
