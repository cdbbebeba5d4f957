import { errors } from "openid-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setLogSink } from "../log";
import { nextAuthLogger } from "./next-auth-logger";
import { SessionRevokedError } from "./refresh-session-token";

const STATE_SENT = "st4te-the-browser-kept-0123456789";
const STATE_GOT = "st4te-an-attacker-sent-9876543210";
const NONCE = "n0nce-value-abcdef";
const CODE = "auth-code-value-secret";
// next-auth's own wrapper (next-auth/core/errors, not exported): the wrapped error's message and stack.
class OAuthCallbackError extends Error {
  constructor(error: Error) {
    super(error.message);
    this.name = "OAuthCallbackError";
    this.stack = error.stack;
  }
}
const CALLBACK_URL = `https://breachdesk.example/api/auth/callback/oidc?code=${CODE}&state=${STATE_GOT}`;

describe("next-auth's logger", () => {
  let lines: string[];
  let restore: (line: string) => void;
  beforeEach(() => {
    lines = [];
    restore = setLogSink((line) => lines.push(line));
  });
  afterEach(() => {
    setLogSink(restore);
  });

  function logged(): string {
    return lines.join("\n");
  }

  it("logs a failed SSO callback as one structured line of codes, without the state, nonce, code or URL", () => {
    // What openid-client throws for a forged or replayed callback, as next-auth wraps and logs it.
    const mismatch = new errors.RPError({
      printf: ["state mismatch, expected %s, got: %s", STATE_SENT, STATE_GOT],
      checks: { state: STATE_SENT, nonce: NONCE },
      params: { state: STATE_GOT, code: CODE },
    });
    nextAuthLogger.error("OAUTH_CALLBACK_ERROR", {
      error: new OAuthCallbackError(mismatch),
      providerId: "oidc",
      url: CALLBACK_URL,
    } as never);
    nextAuthLogger.error("OAUTH_CALLBACK_ERROR", mismatch as never);
    // The provider's own refusal, with its free-text description.
    nextAuthLogger.error("OAUTH_CALLBACK_ERROR", {
      error: new errors.OPError({ error: "invalid_grant", error_description: `code ${CODE} was used` }),
      providerId: "oidc",
    } as never);
    nextAuthLogger.error("OAUTH_CALLBACK_HANDLER_ERROR", {
      error: new Error("access_denied"),
      error_description: `denied for ${STATE_GOT}`,
      providerId: "oidc",
    } as never);
    const nonce = new errors.RPError({ printf: ["nonce mismatch, expected %s, got: %s", NONCE, "other"] });
    nextAuthLogger.error("OAUTH_CALLBACK_ERROR", { error: new OAuthCallbackError(nonce), providerId: "oidc" } as never);

    // next-auth's own check of its cookies: a replayed callback, or one opened in another browser.
    nextAuthLogger.error("OAUTH_CALLBACK_ERROR", {
      error: new OAuthCallbackError(new TypeError("State cookie was missing.")),
      providerId: "oidc",
    } as never);

    expect(lines).toHaveLength(6);
    for (const secret of [STATE_SENT, STATE_GOT, NONCE, CODE, "breachdesk.example", "?code=", "mismatch, expected"]) {
      expect(logged()).not.toContain(secret);
    }
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries[0]).toMatchObject({
      level: "error",
      event: "auth.next_auth_error",
      action: "OAUTH_CALLBACK_ERROR",
      error: { name: "OAuthCallbackError", code: "STATE_MISMATCH" },
    });
    expect(entries[0]!.error).toEqual({ name: "OAuthCallbackError", code: "STATE_MISMATCH" });
    expect(entries[1]!.error).toEqual({ name: "RPError", code: "STATE_MISMATCH" });
    expect(entries[2]!.error).toEqual({ name: "OPError", code: "INVALID_GRANT" });
    expect(entries[3]).toMatchObject({ action: "OAUTH_CALLBACK_HANDLER_ERROR", error: { code: "ACCESS_DENIED" } });
    expect(entries[4]!.error).toEqual({ name: "OAuthCallbackError", code: "NONCE_MISMATCH" });
    expect(entries[5]!.error).toEqual({ name: "OAuthCallbackError", code: "STATE_MISSING" });
  });

  it("an error it has no reason for is logged by its name only; a revoked session is not logged; warnings are codes", () => {
    nextAuthLogger.error("SIGNIN_OAUTH_ERROR", { error: new Error(`fetch ${CALLBACK_URL} failed`) } as never);
    nextAuthLogger.error("JWT_SESSION_ERROR", { error: new SessionRevokedError() } as never);
    nextAuthLogger.warn("NEXTAUTH_URL");
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({
        event: "auth.next_auth_error",
        action: "SIGNIN_OAUTH_ERROR",
        error: { name: "Error" },
      }),
      expect.objectContaining({ level: "warn", event: "auth.next_auth_warning", action: "NEXTAUTH_URL" }),
    ]);
    expect(logged()).not.toContain(CODE);
  });
});
