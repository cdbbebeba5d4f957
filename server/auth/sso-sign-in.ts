import { randomBytes } from "node:crypto";
import type { Role } from "../../lib/auth/permissions";
import { roleForGroups, type RoleMapping } from "../../lib/auth/oidc-role-map";
import { recordAudit } from "../audit/record-audit";
import type { Db } from "../db";
import { normalizeStaffEmail } from "./verify-staff-credentials";

export type SsoIdentity = {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean | null;
  name: string | null;
  groups: string[];
};

export type SsoSignInResult =
  | { ok: true; user: { id: string; email: string; name: string; role: Role; sessionVersion: number } }
  | { ok: false; reason: "no_mapped_group" | "no_email" | "inactive" | "email_taken" };

// Marks an SSO-only record: never an argon2 hash, so no password matches it
// until an admin sets one.
export const NO_PASSWORD = "!sso-only";

/**
 * A staff sign-in through the identity provider. The role comes from the
 * groups claim at every sign-in (a changed group applies now); a user with no
 * mapped group is refused. The staff record is found by the provider's
 * subject, else linked by e-mail address (an address the provider says it has
 * not verified is never linked), else made just in time. All audited.
 */
export async function signInWithSso(
  db: Pick<Db, "prisma">,
  input: { identity: SsoIdentity; roleMap: readonly RoleMapping[]; ip?: string | null; now?: Date },
): Promise<SsoSignInResult> {
  const { identity } = input;
  const now = input.now ?? new Date();
  const ssoSubject = `${identity.issuer}#${identity.subject}`;
  const role = roleForGroups(input.roleMap, identity.groups);
  const email = identity.email ? normalizeStaffEmail(identity.email) : null;

  return db.prisma.$transaction(async (tx) => {
    const bySubject = await tx.staffUser.findUnique({ where: { ssoSubject } });
    const byEmail =
      !bySubject && email && identity.emailVerified !== false
        ? await tx.staffUser.findUnique({ where: { email } })
        : null;
    const existing = bySubject ?? (byEmail && !byEmail.ssoSubject ? byEmail : null);
    const auditActor = existing ? { id: existing.id, email: existing.email } : null;

    if (!role) {
      await recordAudit(tx, {
        actor: auditActor,
        action: "auth.sso_refused",
        targetType: existing ? "staff_user" : undefined,
        targetId: existing?.id,
        detail: { reason: "no_mapped_group", subject: ssoSubject, email, groups: identity.groups.slice(0, 50) },
        ip: input.ip ?? null,
        at: now,
      });
      return { ok: false, reason: "no_mapped_group" } as const;
    }
    if (existing && !existing.active) {
      await recordAudit(tx, {
        actor: auditActor,
        action: "auth.sso_refused",
        targetType: "staff_user",
        targetId: existing.id,
        detail: { reason: "inactive", subject: ssoSubject },
        ip: input.ip ?? null,
        at: now,
      });
      return { ok: false, reason: "inactive" } as const;
    }

    if (!existing) {
      if (!email) return { ok: false, reason: "no_email" } as const;
      // The address belongs to a record that cannot be linked (linked to
      // another subject, or the provider has not verified the address).
      const taken = byEmail ?? (await tx.staffUser.findUnique({ where: { email }, select: { id: true } }));
      if (taken) {
        await recordAudit(tx, {
          actor: null,
          action: "auth.sso_refused",
          targetType: "staff_user",
          targetId: taken.id,
          detail: { reason: "email_taken", subject: ssoSubject, email },
          ip: input.ip ?? null,
          at: now,
        });
        return { ok: false, reason: "email_taken" } as const;
      }
      const created = await tx.staffUser.create({
        data: {
          email,
          name: identity.name?.trim().slice(0, 200) || email,
          role,
          ssoSubject,
          passwordHash: `${NO_PASSWORD}:${randomBytes(8).toString("hex")}`,
          lastSignInAt: now,
        },
      });
      await recordAudit(tx, {
        actor: { id: created.id, email: created.email },
        action: "staff.created_by_sso",
        targetType: "staff_user",
        targetId: created.id,
        detail: { email, role, subject: ssoSubject, groups: identity.groups.slice(0, 50) },
        ip: input.ip ?? null,
        at: now,
      });
      await recordAudit(tx, {
        actor: { id: created.id, email: created.email },
        action: "auth.signed_in",
        targetType: "staff_user",
        targetId: created.id,
        detail: { method: "sso" },
        ip: input.ip ?? null,
        at: now,
      });
      return { ok: true, user: { ...created, role: created.role } } as const;
    }

    const roleChanged = existing.role !== role;
    const updated = await tx.staffUser.update({
      where: { id: existing.id },
      data: {
        role,
        ssoSubject,
        lastSignInAt: now,
        ...(identity.name?.trim() ? { name: identity.name.trim().slice(0, 200) } : {}),
      },
    });
    if (!existing.ssoSubject) {
      await recordAudit(tx, {
        actor: { id: updated.id, email: updated.email },
        action: "staff.linked_to_sso",
        targetType: "staff_user",
        targetId: updated.id,
        detail: { subject: ssoSubject },
        ip: input.ip ?? null,
        at: now,
      });
    }
    if (roleChanged) {
      await recordAudit(tx, {
        actor: { id: updated.id, email: updated.email },
        action: "staff.role_changed_by_sso",
        targetType: "staff_user",
        targetId: updated.id,
        detail: { from: existing.role, to: role, groups: identity.groups.slice(0, 50) },
        ip: input.ip ?? null,
        at: now,
      });
    }
    await recordAudit(tx, {
      actor: { id: updated.id, email: updated.email },
      action: "auth.signed_in",
      targetType: "staff_user",
      targetId: updated.id,
      detail: { method: "sso" },
      ip: input.ip ?? null,
      at: now,
    });
    return { ok: true, user: updated } as const;
  });
}
