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
  return "Sign-in failed. Please try again.";
}
