// Turns next-auth's error codes into what the sign-in form shows. The wording
// never says whether the e-mail address exists.
export function signInErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  if (code.startsWith("Throttled")) {
    const seconds = Number(code.split(":")[1]);
    const minutes = Number.isFinite(seconds) ? Math.max(1, Math.ceil(seconds / 60)) : 15;
    return `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  }
  if (code === "InvalidCredentials" || code === "CredentialsSignin") {
    return "Wrong e-mail address or password.";
  }
  if (code === "SessionRequired") return "Please sign in to continue.";
  // Single sign-on (server/auth/options.ts and next-auth's OAuth errors).
  if (code === "SsoNoRole") {
    return "Your single sign-on account is in no group that has a Breachdesk role. Ask your identity provider's administrator to add you to one.";
  }
  if (code === "SsoInactive") return "Your Breachdesk access has been deactivated. Ask a Breachdesk admin.";
  if (code === "SsoEmailTaken") {
    return "A staff record already uses your e-mail address and cannot be linked to this sign-in. Ask a Breachdesk admin.";
  }
  if (code === "SsoLinkRefused") {
    return "A Breachdesk account with a password already uses your e-mail address, and single sign-on does not take over an existing account. Sign in with your password, or ask a Breachdesk admin.";
  }
  if (code === "SsoNoEmail") return "Your identity provider sent no e-mail address, so no staff record could be made.";
  if (["OAuthCallback", "OAuthSignin", "Callback", "OAuthCreateAccount", "OAuthAccountNotLinked"].includes(code)) {
    return "Single sign-on failed: the answer from the identity provider could not be verified. Please start again.";
  }
  return "Sign-in failed. Please try again.";
}
