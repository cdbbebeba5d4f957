import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { isAppError } from "../errors";
import { DEMO_INCIDENT_SLUG } from "../seed/demo-incident";
import { findAccounts } from "./find-accounts";

describe.each(testDbKinds())("the command palette's account search on %s", (kind) => {
  let db: TestDb;
  let incidentId: string;
  let exposed: { external_id: string; email: string };

  beforeAll(async () => {
    db = await openTestDb(kind, { demo: true });
    incidentId = (await db.prisma.incident.findUniqueOrThrow({ where: { slug: DEMO_INCIDENT_SLUG } })).id;
    const [row] = await db.sql.query<typeof exposed>(
      `SELECT ca.external_id, ca.email FROM triage_entries te JOIN customer_accounts ca ON ca.id = te.account_id
        WHERE te.incident_id = $1 ORDER BY te.id LIMIT 1`,
      [incidentId],
    );
    exposed = row!;
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  const unmasked = { id: "00000000-0000-4000-8000-00000000aa01", unmasked: true };
  const masked = { id: "00000000-0000-4000-8000-00000000aa02", unmasked: false };

  it("finds an exposed account by its id, typed in lower case, with its incident", async () => {
    const found = await findAccounts(db, unmasked, exposed.external_id.toLowerCase(), incidentId);
    expect(found[0]).toMatchObject({ externalId: exposed.external_id, email: exposed.email, incidentSlug: DEMO_INCIDENT_SLUG });
    // Without an incident, every incident's accounts are searched.
    expect((await findAccounts(db, unmasked, exposed.external_id, null))[0]?.externalId).toBe(exposed.external_id);
  });

  it("answers at most eight accounts, and nothing for a one-letter search", async () => {
    const prefix = exposed.external_id.slice(0, 3);
    expect((await findAccounts(db, unmasked, prefix, incidentId)).length).toBe(8);
    expect(await findAccounts(db, unmasked, prefix.slice(0, 1), incidentId)).toEqual([]);
  });

  it("a LIKE wildcard in the text is matched literally", async () => {
    expect(await findAccounts(db, unmasked, "%%", incidentId)).toEqual([]);
    expect(await findAccounts(db, unmasked, "__", incidentId)).toEqual([]);
  });

  it("finds by the beginning of an address for a role that sees addresses", async () => {
    const start = exposed.email.slice(0, exposed.email.indexOf("@") + 2);
    const found = await findAccounts(db, unmasked, start, incidentId);
    expect(found.map((a) => a.externalId)).toContain(exposed.external_id);
  });

  it("a masked role finds by the whole address only, and gets the address masked", async () => {
    const whole = await findAccounts(db, masked, exposed.email.toUpperCase(), incidentId);
    expect(whole).toHaveLength(1);
    expect(whole[0]!.externalId).toBe(exposed.external_id);
    expect(whole[0]!.email).not.toBe(exposed.email);
    expect(whole[0]!.email).toContain("*");
    // A part of the address finds nothing: it would reveal the rest letter by letter.
    const part = exposed.email.slice(0, exposed.email.indexOf("@") + 2);
    expect(await findAccounts(db, masked, part, incidentId)).toEqual([]);
  });

  it("refuses a person who searches too often (RATE_LIMITED), so addresses cannot be tried in bulk", async () => {
    const guesser = { id: "00000000-0000-4000-8000-00000000aa03", unmasked: false };
    let refused: unknown = null;
    for (let i = 0; i < 60 && refused === null; i++) {
      await findAccounts(db, guesser, `guess${i}@example.com`, incidentId).catch((error: unknown) => {
        refused = error;
      });
    }
    expect(isAppError(refused) && refused.code).toBe("RATE_LIMITED");
    // Another person's bucket is their own.
    await expect(findAccounts(db, masked, exposed.email, incidentId)).resolves.toHaveLength(1);
  });
});
