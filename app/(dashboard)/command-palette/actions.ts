"use server";

import { z } from "zod";
import { can } from "@/lib/auth/permissions";
import { defineAction } from "@/server/action";
import { findAccounts } from "@/server/accounts/find-accounts";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";

const SearchInput = z.object({
  // The incident the palette was opened in; none: every incident.
  slug: z.string().max(64).nullable(),
  query: z.string().max(254, "Type at most 254 characters."),
});

/**
 * The command palette's account search (Ctrl K): the accounts a text names,
 * masked as the viewer's role requires. Rate-limited per person in the data
 * function, so the palette cannot be used to enumerate addresses.
 */
export const searchAccountsAction = defineAction({
  permission: "accounts.read",
  args: (slug: string | null, query: string) => ({ input: { slug, query } }),
  input: SearchInput,
  failure: "message",
  run: async ({ db, user, input }) => {
    const incident = input.slug ? await getIncidentBySlugOrThrow(db, input.slug) : null;
    const accounts = await findAccounts(
      db,
      { id: user.id, unmasked: can(user.role, "accounts.read_unmasked") },
      input.query,
      incident?.id ?? null,
    );
    return { ok: true as const, accounts };
  },
});
