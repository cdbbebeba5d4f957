import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { PAGES, SAMPLE_PARAMS } from "../test/authz-matrix";
import { storageState } from "./fixtures";

// Every page of the app passes an axe scan (WCAG 2.1 A and AA) with
// no serious or critical violation. The pages are the authorisation matrix's
// (a new page is scanned without a line here), each opened by a role that may
// see it; the sign-in page signed out.

function urlOf(file: string): string {
  const route = file
    .replace(/^app/, "")
    .replace(/\/page\.tsx$/, "")
    .replace(/\/\([^)]+\)/g, "")
    .replace(/\[([^\]]+)\]/g, (_, name: string) => encodeURIComponent(SAMPLE_PARAMS[name] ?? name));
  return route === "" ? "/" : route;
}

async function seriousViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    }));
}

const SCANNED = PAGES.filter((p) => !p.redirects).map((p) => ({ ...p, url: urlOf(p.file) }));

test.describe("accessibility, signed in", () => {
  for (const role of ["admin", "manager"] as const) {
    test.describe(`as ${role}`, () => {
      test.use({ storageState: storageState(role) });
      for (const entry of SCANNED.filter((p) => p.expect[role] === "allow")) {
        test(`${entry.url} has no serious or critical axe violation`, async ({ page }) => {
          await page.goto(entry.url);
          await expect(page.getByTestId("current-role")).toBeVisible();
          await page.waitForLoadState("networkidle");
          expect(await seriousViolations(page)).toEqual([]);
        });
      }
    });
  }
});

// The same pages on a phone (390 px): the folded navigation, the cards the
// tables become and the wrapped headers must pass too. As an admin only, who
// may open every page and sees every control a manager sees; the manager's
// read-only variants are scanned at desktop width above.
test.describe("accessibility at 390 px, signed in as admin", () => {
  test.use({ viewport: { width: 390, height: 844 }, storageState: storageState("admin") });
  for (const entry of SCANNED.filter((p) => p.expect.admin === "allow")) {
    test(`${entry.url} has no serious or critical axe violation at 390 px`, async ({ page }) => {
      await page.goto(entry.url);
      // The role badge sits in the folded navigation: the Menu button shows the shell is drawn.
      await expect(page.getByRole("button", { name: "Menu" })).toBeVisible();
      await page.waitForLoadState("networkidle");
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
});

test.describe("accessibility, signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });
  test("the sign-in page has no serious or critical axe violation", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
