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
  | { ok: false; reason: "no_mapped_group" | "no_email" | "inactive" | "email_taken" | "link_refused" };

// Marks an SSO-only record: never an argon2 hash, so no password matches it
// until an admin sets one.
const NO_PASSWORD = "!sso-only";

/**
 * A staff sign-in through the identity provider. The role comes from the
 * groups claim at every sign-in (a changed group applies now); a user with no
 * mapped group is refused. The staff record is found by the provider's
 * subject, else made just in time. An existing record with the same address
 * (a password user) is linked only when the provider is the authority for
 * that address: `email_verified: true` (not merely absent, as Entra ID sends
 * it) and the address's domain in `trustedEmailDomains`. Otherwise the sign-in
 * is refused: linking would hand the record, its role and its approvals to
 * whoever the provider let claim that address, without its password or second
 * factor. All audited.
 */
export async function signInWithSso(
  db: Pick<Db, "prisma">,
  input: {
    identity: SsoIdentity;
    roleMap: readonly RoleMapping[];
    trustedEmailDomains: readonly string[];
    ip?: string | null;
    now?: Date;
  },
): Promise<SsoSignInResult> {
  const { identity } = input;
  const now = input.now ?? new Date();
  const ssoSubject = `${identity.issuer}#${identity.subject}`;
  const role = roleForGroups(input.roleMap, identity.groups);
  const email = identity.email ? normalizeStaffEmail(identity.email) : null;

  return db.prisma.$transaction(async (tx) => {
    const bySubject = await tx.staffUser.findUnique({ where: { ssoSubject } });
    const byEmail = !bySubject && email ? await tx.staffUser.findUnique({ where: { email } }) : null;
    const providerOwnsAddress =
      identity.emailVerified === true &&
      email !== null &&
      input.trustedEmailDomains.includes(email.slice(email.lastIndexOf("@") + 1));
    const existing = bySubject ?? (byEmail && !byEmail.ssoSubject && providerOwnsAddress ? byEmail : null);
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
      // The address belongs to a record that cannot be linked: linked to
      // another subject already, or the provider is not the authority for it.
      if (byEmail) {
        const reason = byEmail.ssoSubject ? "email_taken" : "link_refused";
        await recordAudit(tx, {
          actor: null,
          action: "auth.sso_refused",
          targetType: "staff_user",
          targetId: byEmail.id,
          detail: { reason, subject: ssoSubject, email, emailVerified: identity.emailVerified },
          ip: input.ip ?? null,
          at: now,
        });
        return { ok: false, reason } as const;
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
        detail: { subject: ssoSubject, email, via: "verified_address_in_trusted_domain", previousRole: existing.role },
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
