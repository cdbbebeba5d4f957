import { expect, type Locator, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";

/** A TOTP code (RFC 6238: SHA-1, 6 digits, 30 s) for the key, `stepsAhead` time steps from now. */
export function totpCodeFor(secret: string, stepsAhead = 0): string {
  const totp = new TOTP({
    secret: Secret.fromBase32(secret.replace(/\s/g, "")),
    digits: 6,
    period: 30,
    algorithm: "SHA1",
  });
  return totp.generate({ timestamp: Date.now() + stepsAhead * 30_000 });
}

/**
 * A six-digit code that no time step within two of now has (the server
 * allows one either side): wrong for certain, whatever the key.
 */
export function wrongTotpCode(secret: string): string {
  const taken = new Set([-2, -1, 0, 1, 2].map((steps) => totpCodeFor(secret, steps)));
  let code = 0;
  while (taken.has(String(code).padStart(6, "0"))) code += 1;
  return String(code).padStart(6, "0");
}

/**
 * Step-up without waiting: the e2e hook (BREACHDESK_E2E_HOOKS=on) makes this
 * browser's sign-in count its second factor as given `ageSeconds` ago.
 */
export async function ageSecondFactor(page: Page, ageSeconds: number): Promise<void> {
  const response = await page.request.post("/api/e2e/age-second-factor", { data: { ageSeconds } });
  expect(response.status()).toBe(200);
  expect(((await response.json()) as { secondFactorAt: string | null }).secondFactorAt).not.toBeNull();
}

/**
 * Gives the second step of a password sign-in its code. A code is accepted
 * once per time step, and another test may have just signed the same user in:
 * when the current step's code is refused as used, the next step's (which the
 * server accepts, allowing for clock drift) is given instead.
 */
export async function enterTotpCode(page: Page, secret: string): Promise<void> {
  await expect(page.getByRole("heading", { name: "Enter your code" })).toBeVisible();
  for (const stepsAhead of [0, 1]) {
    // A fresh form each time: a refusal's message must be this attempt's.
    if (stepsAhead > 0) await page.reload();
    await page.getByLabel("Authentication code").fill(totpCodeFor(secret, stepsAhead));
    await page.getByRole("button", { name: "Verify" }).click();
    const outcome = await Promise.race([
      page.waitForURL((url) => !url.pathname.startsWith("/login")).then(() => "signed-in" as const),
      // (Not any role=alert: Next's route announcer is one.)
      page
        .getByText("That code is not right, or it was already used.")
        .waitFor()
        .then(() => "refused" as const),
    ]);
    if (outcome === "signed-in") return;
  }
  throw new Error("The TOTP code was refused twice");
}

/**
 * Sets up the authenticator app on the enrolment page (reading the key as a
 * person typing it by hand would), confirms with a code, checks the recovery
 * codes are shown, and continues. Returns the key and the recovery codes.
 */
export async function enrolTotp(page: Page): Promise<{ secret: string; recoveryCodes: string[] }> {
  await expect(page.getByRole("heading", { name: "Set up your authenticator app" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").innerText()).replace(/\s/g, "");
  await page.getByLabel("Code from the app").fill(totpCodeFor(secret));
  await page.getByRole("button", { name: "Confirm and turn on" }).click();
  const list = page.getByRole("list", { name: "Recovery codes" });
  await expect(list.getByRole("listitem")).toHaveCount(10);
  const recoveryCodes = await list.getByRole("listitem").allInnerTexts();
  await page.getByRole("button", { name: "I have saved them: continue" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  return { secret, recoveryCodes };
}

/**
 * Signs the browser out through next-auth's own endpoint (what the Sign out
 * button calls), then checks the session is gone. (Clicking the button right
 * after a client-side navigation can land before React has hydrated it.)
 */
export async function signOutNow(page: Page): Promise<void> {
  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await page.request.post("/api/auth/signout", {
    form: { csrfToken, callbackUrl: "/login", json: "true" },
  });
  expect(response.ok()).toBe(true);
  expect(await (await page.request.get("/api/auth/session")).json()).toEqual({});
  await page.goto("/login");
}

/**
 * Answers a step-up (`scope` holds its code field) and submits it until `done`
 * shows. As at sign-in, a code is accepted once per time step and another
 * test may have just spent this user's: when the current step's code is
 * refused, the next step's is given instead.
 */
export async function answerStepUp(
  scope: Locator,
  secret: string,
  submit: () => Promise<void>,
  done: Locator,
): Promise<void> {
  const field = scope.getByTestId("step-up").getByLabel(/Authentication code/);
  await field.fill(totpCodeFor(secret));
  await submit();
  const refused = scope.page().getByText("That code is not right, or it was already used.");
  await expect(done.or(refused).first()).toBeVisible();
  if (await done.isVisible()) return;
  await field.fill(totpCodeFor(secret, 1));
  await submit();
  await expect(done).toBeVisible();
}
