import { can, type Role } from "./permissions";

/**
 * Who must give a TOTP code after their password: admins and anyone who can
 * approve bulk actions, and anyone who enrolled of their own accord. Decided
 * from the role as it is now, so a promotion asks for it at the next request.
 * Single sign-on leaves the second factor to the identity provider.
 */
export function secondFactorRequired(input: { role: Role; totpEnabled: boolean }): boolean {
  return input.totpEnabled || input.role === "admin" || can(input.role, "bulk.approve");
}

/** Whether a second factor given at `at` is recent enough for a sensitive action (step-up). */
export function secondFactorIsRecent(at: Date | null, now: Date, maxAgeSeconds: number): boolean {
  if (!at) return false;
  const age = now.getTime() - at.getTime();
  // A time in the future (clock skew with the identity provider) counts as now.
  return age <= maxAgeSeconds * 1000;
}

/** What the user typed: a 6-digit TOTP code, or a recovery code (letters and digits, any case, dashes and spaces ignored). */
export type SecondFactorInput = { kind: "totp"; code: string } | { kind: "recovery"; code: string } | null;

export function parseSecondFactorInput(raw: string): SecondFactorInput {
  const compact = raw.replace(/[\s-]/g, "");
  if (/^\d{6}$/.test(compact)) return { kind: "totp", code: compact };
  if (/^[a-z2-7]{10}$/i.test(compact)) return { kind: "recovery", code: compact.toLowerCase() };
  return null;
}
