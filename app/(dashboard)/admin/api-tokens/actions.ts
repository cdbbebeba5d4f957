"use server";

import { z } from "zod";
import type { CreateRoleTokenResult } from "@/lib/auth/contracts";
import { defineAction, formText } from "@/server/action";
import { createRoleToken } from "@/server/auth/create-role-token";
import { revokeApiToken } from "@/server/timeline/api-tokens/revoke-api-token";

// The fields' rules are the data functions' own: here they are text, as the form sends them.
const TokenFields = z.object({ name: z.string(), role: z.string(), incident: z.string(), expiresInDays: z.string() });

export const createRoleTokenAction = defineAction({
  permission: "api_tokens.manage",
  args: (_previous: CreateRoleTokenResult | null, formData: FormData) => ({
    input: {
      name: formText(formData, "name"),
      role: formText(formData, "role"),
      incident: formText(formData, "incident"),
      expiresInDays: formText(formData, "expiresInDays"),
    },
  }),
  input: TokenFields,
  run: async ({ db, input, user }) => {
    const created = await createRoleToken(db, { ...input, role: input.role as never }, user);
    return {
      ok: true as const,
      message: `Token ${created.prefix}… created.`,
      token: created.token,
      incident: input.incident || null,
    };
  },
  revalidate: () => ["/admin/api-tokens"],
});

export const revokeRoleTokenAction = defineAction({
  permission: "api_tokens.manage",
  args: (_previous: unknown, formData: FormData) => ({ input: { tokenId: formText(formData, "tokenId") } }),
  input: z.object({ tokenId: z.string() }),
  run: async ({ db, input, user }) => {
    await revokeApiToken(db, input, user);
    return { ok: true as const, message: "Token revoked." };
  },
  revalidate: () => ["/admin/api-tokens"],
});
