import type { LoggerInstance } from "next-auth";
import { log } from "../log";
import { SessionRevokedError } from "./refresh-session-token";

// What a failed sign-in's error may say in the log: a reason from this list,
// never the error's own text. openid-client's messages carry the values they
// compared ("state mismatch, expected <state>, got: <state>", the nonce, the
// issuer), its errors hang the callback's parameters and checks on
// themselves, and next-auth's metadata holds the provider's free-text
// error_description and, for some codes, the request's URL with its query.
const REASONS: [RegExp, string][] = [
  [/^state mismatch\b/, "STATE_MISMATCH"],
  // next-auth's own checks of its cookies (a replayed callback, or one from another browser).
  [/^checks\.state argument is missing|^State cookie was missing|^State value could not be parsed/, "STATE_MISSING"],
  [/^nonce mismatch\b/, "NONCE_MISMATCH"],
  [/^checks\.nonce|^Nonce cookie was missing|^Nonce value could not be parsed/, "NONCE_MISSING"],
  [/cookie was created for a different provider/, "CHECK_PROVIDER_MISMATCH"],
  [/code_verifier|pkce/i, "PKCE_FAILED"],
  [/^iss mismatch\b|^iss missing/, "ISSUER_MISMATCH"],
  [/^aud mismatch\b|^aud is missing/, "AUDIENCE_MISMATCH"],
  [/^(userinfo )?sub mismatch\b/, "SUBJECT_MISMATCH"],
  [/^(JWT|id_token) expired|^id_token issued in the future|^"?iat"? /i, "TOKEN_TIME"],
  [/^failed to validate JWT signature|^no valid key found/i, "TOKEN_SIGNATURE"],
];
// An OAuth error code from the provider (RFC 6749 §5.2 and OpenID Connect's): a bare token.
const OAUTH_ERROR = /^[a-z_]{3,40}$/;
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

function causeOf(metadata: unknown): unknown {
  if (metadata instanceof Error) return metadata;
  const error = (metadata as { error?: unknown } | undefined)?.error;
  return error ?? metadata;
}

/** The error, as codes only: its class name and a reason from the list above (or the provider's OAuth error code). */
function reasonOf(error: unknown): { name: string; code?: string } {
  if (typeof error !== "object" || error === null) return { name: "Error" };
  const name = (error as { name?: unknown }).name;
  const safeName = typeof name === "string" && NAME.test(name) ? name : "Error";
  // The provider's own answer (openid-client's OPError, or next-auth's error from ?error=).
  const oauthError = (error as { error?: unknown }).error;
  if (typeof oauthError === "string" && OAUTH_ERROR.test(oauthError)) {
    return { name: safeName, code: oauthError.toUpperCase() };
  }
  const message = (error as { message?: unknown }).message;
  if (typeof message === "string") {
    if (OAUTH_ERROR.test(message)) return { name: safeName, code: message.toUpperCase() };
    for (const [pattern, code] of REASONS) if (pattern.test(message)) return { name: safeName, code };
  }
  return { name: safeName };
}

/**
 * next-auth's logger, sent to the structured log (server/log.ts) as codes:
 * next-auth's code (OAUTH_CALLBACK_ERROR, JWT_SESSION_ERROR, ...) and a reason,
 * never a message, a state, nonce or code value, or a URL.
 */
export const nextAuthLogger: LoggerInstance = {
  error(code, metadata) {
    const cause = causeOf(metadata);
    // A revoked session is expected (the cookie is cleared), not an error to log.
    if (code === "JWT_SESSION_ERROR" && cause instanceof Error && cause.name === SessionRevokedError.name) return;
    const reason = reasonOf(cause);
    // describeError of this plain object keeps its name and code, nothing else.
    log.error("auth.next_auth_error", reason, { action: String(code).slice(0, 64) });
  },
  warn(code) {
    log.warn("auth.next_auth_warning", { action: String(code).slice(0, 64) });
  },
  debug() {},
};
