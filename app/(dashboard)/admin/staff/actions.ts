"use server";

import { ROLE_LABELS, isRole } from "@/lib/auth/permissions";
import { defineAction } from "@/server/action";
import { resetStaffSecondFactor } from "@/server/auth/second-factor";
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

const STAFF_PAGE = () => ["/admin/staff"];

export const changeStaffRoleAction = defineAction({
  permission: "staff.manage",
  args: (_previous: unknown, formData: FormData) => ({
    input: { userId: formData.get("userId"), role: formData.get("role") },
  }),
  input: ChangeStaffRoleInput,
  run: async ({ db, input, user }) => {
    const result = await changeStaffRole(db, input, user);
    const role = result.user.role;
    return {
      ok: true as const,
      message: result.changed
        ? `${result.user.email} is now ${isRole(role) ? ROLE_LABELS[role] : role}.${narrowedTokens(result.narrowedApiTokens)}`
        : "No change.",
    };
  },
  revalidate: STAFF_PAGE,
});

export const createStaffUserAction = defineAction({
  permission: "staff.manage",
  args: (_previous: unknown, formData: FormData) => ({
    input: {
      email: formData.get("email"),
      name: formData.get("name"),
      role: formData.get("role"),
      password: formData.get("password"),
    },
  }),
  input: CreateStaffUserInput,
  run: async ({ db, input, user }) => {
    const created = await createStaffUser(db, input, user);
    return { ok: true as const, message: `Created ${created.email}.` };
  },
  revalidate: STAFF_PAGE,
});

export const signOutStaffEverywhereAction = defineAction({
  permission: "staff.manage",
  args: (_previous: unknown, formData: FormData) => ({ input: { userId: formData.get("userId") } }),
  input: RevokeStaffSessionsInput,
  run: async ({ db, input, user }) => {
    const revoked = await revokeStaffSessions(db, input, user);
    return { ok: true as const, message: `Every session of ${revoked.email} has ended.` };
  },
  revalidate: STAFF_PAGE,
});

export const setStaffActiveAction = defineAction({
  permission: "staff.manage",
  args: (_previous: unknown, formData: FormData) => ({
    input: { userId: formData.get("userId"), active: formData.get("active") === "true" },
  }),
  input: SetStaffActiveInput,
  run: async ({ db, input, user }) => {
    const result = await setStaffActive(db, input, user);
    if (!result.changed) return { ok: true as const, message: "No change." };
    return {
      ok: true as const,
      message: result.user.active
        ? `${result.user.email} is active again.`
        : `${result.user.email} is deactivated.${result.revokedApiTokens > 0 ? ` ${plural(result.revokedApiTokens, "API token")} revoked.` : ""}`,
    };
  },
  revalidate: STAFF_PAGE,
});

export const setStaffPasswordAction = defineAction({
  permission: "staff.manage",
  args: (_previous: unknown, formData: FormData) => ({
    input: { userId: formData.get("userId"), password: formData.get("password") },
  }),
  input: SetStaffPasswordInput,
  run: async ({ db, input, user }) => {
    await setStaffPassword(db, input, user);
    return { ok: true as const, message: "Password set; their sessions have ended." };
  },
  revalidate: STAFF_PAGE,
});

/** A lost phone: the user's authenticator app and recovery codes are removed and their sessions end (audited). */
export const resetStaffSecondFactorAction = defineAction({
  permission: "staff.manage",
  args: (_previous: unknown, formData: FormData) => ({ input: { userId: formData.get("userId") } }),
  input: RevokeStaffSessionsInput,
  run: async ({ db, input, user }) => {
    const reset = await resetStaffSecondFactor(db, { userId: input.userId }, user);
    return {
      ok: true as const,
      message: `The second factor of ${reset.email} was reset; they set it up again at their next sign-in.`,
    };
  },
  revalidate: STAFF_PAGE,
});
