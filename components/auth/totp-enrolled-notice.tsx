/**
 * Told at the sign-ins after an authenticator was set up, until one of them
 * completes: if the person did not set it up, someone else has their password.
 */
export function TotpEnrolledNotice({ at }: { at: Date }) {
  const when = `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return (
    <p
      role="status"
      data-testid="totp-enrolled-notice"
      className="mb-6 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
    >
      A new authenticator was set up for your account on {when}; if this was not you, tell an admin.
    </p>
  );
}
