"use server";

import { z } from "zod";
import type { ActionResult } from "@/lib/action-result";
import { defineAction, formText } from "@/server/action";
import { addAccountNote, AccountNoteInput } from "@/server/accounts/account-notes";

// The account page's notes form, bound to its account like the page's other actions.
const NoteScope = z.object({
  slug: z.string().max(64),
  accountId: z.number().int().positive(),
  externalId: z.string().max(64),
});

export const addAccountNoteAction = defineAction({
  permission: "accounts.note",
  args: (scope: unknown, _previous: ActionResult | null, form: FormData) => ({
    scope,
    input: {
      body: formText(form, "body"),
      ticketRef: formText(form, "ticketRef"),
      requestKey: formText(form, "requestKey"),
    },
  }),
  scope: NoteScope,
  notFound: "This account was not exposed in this incident.",
  input: AccountNoteInput,
  run: async ({ db, incident, scope, input, actor }) => {
    const { created } = await addAccountNote(db, incident, scope.accountId, { ...input, ticketRef: input.ticketRef ?? "" }, actor!);
    return { ok: true as const, message: created ? "Note added." : "Note already added." };
  },
  revalidate: ({ scope }) => [`/incidents/${encodeURIComponent(scope.slug)}/accounts/${encodeURIComponent(scope.externalId)}`],
});
