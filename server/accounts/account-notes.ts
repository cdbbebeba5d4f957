import "server-only";
import { z } from "zod";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import type { Db } from "../db";
import { AppError } from "../errors";
import { ACCOUNT_AUDIT_TARGET } from "./list-account-audit";

/** The audit action of a note written on an account. */
export const ACCOUNT_NOTE_ACTION = "accounts.note_added";

export const AccountNoteInput = z.object({
  body: z
    .string()
    .trim()
    .min(1, "Write the note.")
    .max(2000, "Keep the note under 2,000 characters."),
  // A ticket id as the helpdesk writes it: letters, digits and - _ . / #.
  ticketRef: z
    .string()
    .trim()
    .max(64, "A ticket reference has at most 64 characters.")
    .regex(/^[\w\-./#]*$/, "A ticket reference has letters, digits and - _ . / # only.")
    .transform((v) => v || null),
  requestKey: z.string().min(8).max(100),
});
export type AccountNoteInput = z.input<typeof AccountNoteInput>;

export type AccountNote = { id: string; body: string; ticketRef: string | null; author: string; createdAt: Date };

/**
 * Adds a note to an exposed account (what a customer said on the phone, the
 * ticket it belongs to). The account must be exposed in this incident. The
 * note and its audit entry commit together; the form's key makes a double
 * submit write one note (the second answers the first).
 */
export async function addAccountNote(
  db: Db,
  incident: { id: string },
  accountId: number,
  input: AccountNoteInput,
  actor: NonNullable<AuditActor>,
): Promise<{ note: AccountNote; created: boolean }> {
  const data = AccountNoteInput.parse(input);
  const exposed = await db.prisma.triageEntry.findFirst({
    where: { incidentId: incident.id, accountId },
    select: { accountId: true },
  });
  if (!exposed) throw new AppError("NOT_FOUND", "This account was not exposed in this incident.");
  return db.prisma.$transaction(async (tx) => {
    const earlier = await tx.accountNote.findUnique({ where: { requestKey: data.requestKey }, include: { author: true } });
    if (earlier) {
      if (earlier.accountId !== accountId || earlier.incidentId !== incident.id || earlier.authorId !== actor.id) {
        throw new AppError("CONFLICT", "This form was already used for another note: reload the page.");
      }
      return { note: toNote(earlier), created: false };
    }
    const note = await tx.accountNote.create({
      data: {
        incidentId: incident.id,
        accountId,
        body: data.body,
        ticketRef: data.ticketRef,
        authorId: actor.id,
        requestKey: data.requestKey,
      },
      include: { author: true },
    });
    await recordAudit(tx, {
      actor,
      action: ACCOUNT_NOTE_ACTION,
      incidentId: incident.id,
      targetType: ACCOUNT_AUDIT_TARGET,
      targetId: String(accountId),
      // The text stays in the note; the chain records that it was written, and the ticket.
      detail: { noteId: note.id, ticketRef: note.ticketRef, length: note.body.length },
    });
    return { note: toNote(note), created: true };
  });
}

/** An account's notes in this incident, newest first. */
export async function listAccountNotes(db: Db, incidentId: string, accountId: number): Promise<AccountNote[]> {
  const rows = await db.prisma.accountNote.findMany({
    where: { incidentId, accountId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
    include: { author: true },
  });
  return rows.map(toNote);
}

function toNote(row: { id: string; body: string; ticketRef: string | null; createdAt: Date; author: { name: string; email: string } }): AccountNote {
  return { id: row.id, body: row.body, ticketRef: row.ticketRef, author: `${row.author.name} (${row.author.email})`, createdAt: row.createdAt };
}
