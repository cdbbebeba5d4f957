"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action-result";
import { actionError } from "@/server/action-errors";
import { createRoleToken } from "@/server/auth/create-role-token";
import { authorize } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { revokeApiToken } from "@/server/timeline/api-tokens/revoke-api-token";

export type CreateRoleTokenResult = ActionResult & { token?: string; incident?: string | null };

const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
};

export async function createRoleTokenAction(
  _previous: CreateRoleTokenResult | null,
  formData: FormData,
): Promise<CreateRoleTokenResult> {
  try {
    const actor = await authorize("api_tokens.manage");
    const created = await createRoleToken(
      await getDb(),
      {
        name: text(formData, "name"),
        role: text(formData, "role") as never,
        incident: text(formData, "incident"),
        expiresInDays: text(formData, "expiresInDays"),
      },
      actor,
    );
    revalidatePath("/admin/api-tokens");
    const incident = text(formData, "incident") || null;
    return { ok: true, message: `Token ${created.prefix}… created.`, token: created.token, incident };
  } catch (error) {
    return actionError(error);
  }
}

export async function revokeRoleTokenAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const actor = await authorize("api_tokens.manage");
    await revokeApiToken(await getDb(), { tokenId: text(formData, "tokenId") }, actor);
    revalidatePath("/admin/api-tokens");
    return { ok: true, message: "Token revoked." };
  } catch (error) {
    return actionError(error);
  }
}
