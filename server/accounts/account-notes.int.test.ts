import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { DEMO_INCIDENT_SLUG } from "../seed/demo-incident";
import { ACCOUNT_NOTE_ACTION, addAccountNote, listAccountNotes } from "./account-notes";

describe.each(testDbKinds())("account notes on %s", (kind) => {
  let db: TestDb;
  let incident: { id: string };
  let accountId: number;
  let actor: { id: string; email: string };

  beforeAll(async () => {
    db = await openTestDb(kind, { demo: true });
    incident = await db.prisma.incident.findUniqueOrThrow({ where: { slug: DEMO_INCIDENT_SLUG } });
    const entry = await db.prisma.triageEntry.findFirstOrThrow({
      where: { incidentId: incident.id, accountId: { not: null } },
      orderBy: { id: "asc" },
    });
    accountId = entry.accountId!;
    const agent = await db.prisma.staffUser.findFirstOrThrow({ where: { role: "support_agent" } });
    actor = { id: agent.id, email: agent.email };
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("adds a note with its ticket, audited in the same transaction, and lists it newest first", async () => {
    const first = await addAccountNote(db, incident, accountId, { body: "Called: new device is hers.", ticketRef: "ZD-48213", requestKey: "note-key-0001" }, actor);
    const second = await addAccountNote(db, incident, accountId, { body: " Second call. ", ticketRef: "", requestKey: "note-key-0002" }, actor);
    expect(first.created && second.created).toBe(true);
    const notes = await listAccountNotes(db, incident.id, accountId);
    expect(notes.map((n) => [n.body, n.ticketRef])).toEqual([
      ["Second call.", null],
      ["Called: new device is hers.", "ZD-48213"],
    ]);
    expect(notes[0]!.author).toContain(actor.email);
    const audit = await db.prisma.auditLog.findMany({ where: { action: ACCOUNT_NOTE_ACTION, targetId: String(accountId) }, orderBy: { id: "asc" } });
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actorId: actor.id, incidentId: incident.id, detail: { ticketRef: "ZD-48213", noteId: first.note.id } });
  });

  it("a double submit (the same form key) writes one note and one audit entry", async () => {
    const input = { body: "Once.", ticketRef: "ZD-1", requestKey: "note-key-0003" };
    const one = await addAccountNote(db, incident, accountId, input, actor);
    const again = await addAccountNote(db, incident, accountId, input, actor);
    expect(again).toEqual({ note: one.note, created: false });
    expect(await db.prisma.accountNote.count({ where: { requestKey: "note-key-0003" } })).toBe(1);
    expect(await db.prisma.auditLog.count({ where: { action: ACCOUNT_NOTE_ACTION, detail: { path: ["noteId"], equals: one.note.id } } })).toBe(1);
  });

  it("names the field of a bad note, and refuses an account outside the incident", async () => {
    await expect(addAccountNote(db, incident, accountId, { body: "  ", ticketRef: "", requestKey: "note-key-0004" }, actor)).rejects.toThrow(/Write the note/);
    await expect(
      addAccountNote(db, incident, accountId, { body: "x", ticketRef: "ZD 1; drop", requestKey: "note-key-0005" }, actor),
    ).rejects.toThrow(/ticket reference has letters, digits/);
    await expect(
      addAccountNote(db, incident, 2_000_000_000, { body: "x", ticketRef: "", requestKey: "note-key-0006" }, actor),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
