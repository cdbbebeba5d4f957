"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action-result";
import { ROLE_LABELS, isRole } from "@/lib/auth/permissions";
import { actionError } from "@/server/action-errors";
import { authorize } from "@/server/auth/session";
import { resetStaffSecondFactor } from "@/server/auth/second-factor";
import { getDb } from "@/server/db";
import { ChangeStaffRoleInput, changeStaffRole } from "@/server/staff/change-staff-role";
import { CreateStaffUserInput, createStaffUser } from "@/server/staff/create-staff-user";
import { RevokeStaffSessionsInput, revokeStaffSessions } from "@/server/staff/revoke-staff-sessions";
import { SetStaffActiveInput, setStaffActive } from "@/server/staff/set-staff-active";
import { SetStaffPasswordInput, setStaffPassword } from "@/server/staff/set-staff-password";

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function narrowedTokens(n: number): string {
  return n > 0 ? ` ${plural(n, "API token")} now act${n === 1 ? "s" : ""} within the new role.` : "";
}

export async function changeStaffRoleAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const actor = await authorize("staff.manage");
    const result = await changeStaffRole(
      await getDb(),
      ChangeStaffRoleInput.parse({ userId: formData.get("userId"), role: formData.get("role") }),
      actor,
    );
    revalidatePath("/admin/staff");
    const role = result.user.role;
    return {
      ok: true,
      message: result.changed
        ? `${result.user.email} is now ${isRole(role) ? ROLE_LABELS[role] : role}.${narrowedTokens(result.narrowedApiTokens)}`
        : "No change.",
    };
  } catch (error) {
    return actionError(error);
  }
}

export async function createStaffUserAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const actor = await authorize("staff.manage");
    const user = await createStaffUser(
      await getDb(),
      CreateStaffUserInput.parse({
        email: formData.get("email"),
        name: formData.get("name"),
        role: formData.get("role"),
        password: formData.get("password"),
      }),
      actor,
    );
    revalidatePath("/admin/staff");
    return { ok: true, message: `Created ${user.email}.` };
  } catch (error) {
    return actionError(error);
  }
}

export async function signOutStaffEverywhereAction(
  _previous: ActionResult | null,
  formData: FormData,
): Promise<ActionResult> {
  try {
    const actor = await authorize("staff.manage");
    const user = await revokeStaffSessions(
      await getDb(),
      RevokeStaffSessionsInput.parse({ userId: formData.get("userId") }),
      actor,
    );
    revalidatePath("/admin/staff");
    return { ok: true, message: `Every session of ${user.email} has ended.` };
  } catch (error) {
    return actionError(error);
  }
}

export async function setStaffActiveAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const actor = await authorize("staff.manage");
    const result = await setStaffActive(
      await getDb(),
      SetStaffActiveInput.parse({ userId: formData.get("userId"), active: formData.get("active") === "true" }),
      actor,
    );
    revalidatePath("/admin/staff");
    if (!result.changed) return { ok: true, message: "No change." };
    return {
      ok: true,
      message: result.user.active
        ? `${result.user.email} is active again.`
        : `${result.user.email} is deactivated.${result.revokedApiTokens > 0 ? ` ${plural(result.revokedApiTokens, "API token")} revoked.` : ""}`,
    };
  } catch (error) {
    return actionError(error);
  }
}

export async function setStaffPasswordAction(
  _previous: ActionResult | null,
  formData: FormData,
): Promise<ActionResult> {
  try {
    const actor = await authorize("staff.manage");
    const input = SetStaffPasswordInput.parse({ userId: formData.get("userId"), password: formData.get("password") });
    await setStaffPassword(await getDb(), input, actor);
    revalidatePath("/admin/staff");
    return { ok: true, message: "Password set; their sessions have ended." };
  } catch (error) {
    return actionError(error);
  }
}

/** A lost phone: the user's authenticator app and recovery codes are removed and their sessions end (audited). */
export async function resetStaffSecondFactorAction(
  _previous: ActionResult | null,
  formData: FormData,
): Promise<ActionResult> {
  try {
    const actor = await authorize("staff.manage");
    const { userId } = RevokeStaffSessionsInput.parse({ userId: formData.get("userId") });
    const user = await resetStaffSecondFactor(await getDb(), { userId }, actor);
    revalidatePath("/admin/staff");
    return {
      ok: true,
      message: `The second factor of ${user.email} was reset; they set it up again at their next sign-in.`,
    };
  } catch (error) {
    return actionError(error);
  }
}
