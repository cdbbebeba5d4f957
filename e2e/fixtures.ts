import fs from "node:fs";
import path from "node:path";
import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { enterTotpCode } from "./totp";

export type DemoRole = "admin" | "security_analyst" | "support_agent" | "manager";

// The demo staff from server/seed/demo-staff.ts (also listed in README.md).
// Admins and approvers sign in with a second factor: the demo's published TOTP keys.
export const DEMO_USERS: Record<DemoRole, { email: string; password: string; totpSecret?: string }> = {
  admin: {
    email: "admin@breachdesk.test",
    password: "Demo-Admin-2019",
    totpSecret: "DEMOADMINTOTPSECRETBREACHDESK234",
  },
  security_analyst: {
    email: "analyst@breachdesk.test",
    password: "Demo-Analyst-2019",
    totpSecret: "DEMOANALYSTTOTPSECRETBREACHDESK2",
  },
  support_agent: { email: "support@breachdesk.test", password: "Demo-Support-2019" },
  manager: { email: "manager@breachdesk.test", password: "Demo-Manager-2019" },
};

export const DEMO_INCIDENT = "2019-11-indices-update";

/**
 * Where a role's signed-in session is kept: one file per role and server
 * (projects whose name ends in "-postgres" sign in to the PostgreSQL one).
 */
export function storageState(role: DemoRole, project = ""): string {
  const server = project.endsWith("-postgres") ? "postgres-" : "";
  return path.join(import.meta.dirname, ".auth", `${server}${role}.json`);
}

export const SCREENSHOTS = path.join(import.meta.dirname, "..", "test-results", "screenshots");

/** The widths people use the app at: a desk, a large desk, a phone. */
export const SCREEN_WIDTHS = [1440, 1920, 390] as const;

/**
 * Screenshots of the page as it is now at each of SCREEN_WIDTHS, for people
 * to look at: `<name>-<width>.png`. `focus` is scrolled into view at each
 * width; `ready` is awaited after each resize (a chart that draws again).
 * The viewport is 1440 × 900 afterwards, as the specs' default.
 */
export async function shootAtWidths(
  page: Page,
  name: string,
  { fullPage = true, focus, ready }: { fullPage?: boolean; focus?: Locator; ready?: () => Promise<void> } = {},
): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  for (const width of SCREEN_WIDTHS) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await ready?.();
    if (focus) await focus.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** Password sign-in; with `totpSecret`, the second step's code too. */
export async function signIn(page: Page, email: string, password: string, totpSecret?: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Work e-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  if (totpSecret) await enterTotpCode(page, totpSecret);
}

/**
 * A bulk request's body with the preview's digest, as POST .../bulk-actions
 * requires it: previews the selection (kind, filter or accountIds) first.
 */
export async function withPreviewDigest<T extends Record<string, unknown>>(
  request: APIRequestContext,
  body: T,
  headers: Record<string, string> = {},
): Promise<T & { expectedDigest: string }> {
  const { kind, filter, accountIds } = body;
  const answer = await request.post(`/api/v1/incidents/${DEMO_INCIDENT}/bulk-actions/preview`, {
    data: { kind, ...(filter !== undefined ? { filter } : {}), ...(accountIds !== undefined ? { accountIds } : {}) },
    headers,
  });
  if (answer.status() !== 200) throw new Error(`preview: ${answer.status()} ${await answer.text()}`);
  const { preview } = (await answer.json()) as { preview: { digest: string } };
  return { ...body, expectedDigest: preview.digest };
}
