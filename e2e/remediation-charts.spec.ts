import { expect, test, type Page } from "@playwright/test";
import { DEMO_INCIDENT, DEMO_USERS, shootAtWidths, signIn, storageState, withPreviewDigest } from "./fixtures";

// The remediation tab as a manager opens it. Every chart draws the
// demo's data, a headline number opens the table of exactly its accounts, and
// the numbers follow a bulk action as it runs, without a reload.

const INCIDENT = `/incidents/${DEMO_INCIDENT}`;
const REMEDIATION = `${INCIDENT}/remediation`;
const API = `/api/v1/incidents/${DEMO_INCIDENT}`;
const CHARTS = ["burndown", "funnel", "status-by-tier", "actions", "active-holds", "first-action", "takeover-attempts"];
// Low risk, zero balance, nothing done yet: disjoint from the accounts the
// remediation journeys act on (medium risk; low balances), so specs can run side by side.
const RESET_FILTER = "tier=low&balance=zero&action=none&matched=yes";

const count = (text: string) => Number(text.replace(/\D/g, ""));

async function headlineValue(page: Page, key: string): Promise<number> {
  return count(await page.locator(`[data-headline="${key}"] [data-value]`).innerText());
}

test.describe("the remediation tab, as a manager", () => {
  test.use({ storageState: storageState("manager") });
  // The screenshots first: the bulk action of the second test adds today's
  // resets to the demo's charts.
  test.describe.configure({ mode: "serial" });

  test("every chart draws the demo's data, with its words, its table and its CSV; a number opens exactly its accounts", async ({
    page,
  }) => {
    // Seven charts, their CSVs and four full-page screenshots: more than the default timeout when the suite runs in parallel.
    test.setTimeout(120_000);
    await page.goto(INCIDENT);
    await page
      .getByRole("navigation", { name: "Incident sections" })
      .getByRole("link", { name: "Remediation" })
      .click();
    await expect(page).toHaveURL(new RegExp(`${REMEDIATION}$`));
    const headline = page.getByRole("list", { name: "Remediation in numbers" });
    await expect(headline.getByRole("listitem")).toHaveCount(10);
    expect(await headlineValue(page, "exposed")).toBe(23_000);
    expect(await headlineValue(page, "matched")).toBe(22_650);

    for (const chart of CHARTS) {
      const panel = page.locator(`#chart-${chart}`);
      await expect(panel.locator(".recharts-wrapper > svg").first(), chart).toBeVisible();
      await expect(panel.locator("[role=img][data-chart]")).toHaveAttribute("aria-label", /.{60,}/);
    }
    // Drawn with data: seven funnel stages, the burn-down's area, the milestones on the time axes.
    await expect(page.locator("#chart-funnel .recharts-bar-rectangle")).toHaveCount(7);
    await expect(page.locator("#chart-burndown .recharts-area-area")).toHaveCount(1);
    await expect(page.locator("#chart-burndown .recharts-reference-line")).toHaveCount(4);
    await expect(page.locator("#chart-burndown")).toContainText("Open critical and high accounts: 2,634 at T0");
    // The demo's clock puts T0 at 09:12 UTC some days before the seed ran (server/seed/demo-incident.ts).
    await expect(
      page.locator("#chart-burndown").getByRole("list", { name: "Milestones marked on the time axis" }),
    ).toContainText(/T0, \d{1,2} [A-Z][a-z]{2} \d{4}, 09:12 UTC/);
    await expect(page.locator("#chart-first-action")).toContainText(
      /Median time from T0 to an account's first action: [\d.]+ (hours|days)/,
    );

    // The table alternative, then back to the chart.
    const funnel = page.locator("#chart-funnel");
    await funnel.getByRole("button", { name: "Show as table: Remediation funnel" }).click();
    const table = funnel.getByRole("table", { name: "Remediation funnel" });
    await expect(table.getByRole("row", { name: /^Exposed/ })).toContainText("23,000");
    await expect(table.getByRole("row", { name: /Matched to an account/ })).toContainText("22,650");
    await funnel.getByRole("button", { name: "Show as chart: Remediation funnel" }).click();
    await expect(funnel.locator(".recharts-wrapper > svg")).toBeVisible();

    // Each chart's CSV: aggregates only, formula-safe cells.
    for (const chart of CHARTS) {
      const csv = await page.request.get(`${API}/remediation/export?chart=${chart}`);
      expect(csv.status(), chart).toBe(200);
      expect(csv.headers()["content-type"]).toContain("text/csv");
      expect(await csv.text()).not.toContain("@");
    }
    const funnelCsv = await (await page.request.get(`${API}/remediation/export?chart=funnel`)).text();
    expect(funnelCsv.split("\r\n").slice(0, 3)).toEqual([
      "Stage,Accounts",
      "Exposed,23000",
      "Matched to an account,22650",
    ]);

    await shootAtWidths(page, "remediation-charts-remediation", { ready: chartsDrawn(page) });

    // Resets completed by customers: the exchange spec may complete one while this runs, so the
    // number and the accounts it opens are read again until no completion fell between the two.
    await expect(async () => {
      await page.goto(REMEDIATION);
      const completed = await headlineValue(page, "resets-completed");
      expect(completed).toBeGreaterThan(0);
      await page.locator('[data-headline="resets-completed"] a').click();
      await expect(page).toHaveURL(new RegExp(`${INCIDENT}/accounts\\?action=reset_completed$`));
      await expect(page.getByTestId("match-count")).toHaveText(`${completed.toLocaleString("en-GB")} accounts match`, {
        timeout: 3_000,
      });
    }).toPass({ timeout: 45_000 });
    await page.goBack();
    await page.locator('[data-headline="exposed"] a').click();
    await expect(page).toHaveURL(new RegExp(`${INCIDENT}/accounts$`));
    await expect(page.getByTestId("match-count")).toHaveText("23,000 accounts match");

    await page.goto(INCIDENT);
    await expect(page.getByRole("list", { name: "Remediation in numbers" })).toBeVisible();
    await shootAtWidths(page, "remediation-charts-overview", { ready: chartsDrawn(page) });
  });

  test("the numbers move while a bulk action runs, with no reload", async ({ page, browser }) => {
    test.setTimeout(120_000);
    await page.goto(REMEDIATION);
    const before = await headlineValue(page, "resets-forced");
    await page.evaluate(() => {
      (window as unknown as { sameDocument: boolean }).sameDocument = true;
    });

    // An analyst requests resets; the admin approves (a request is never approved by its requester).
    const analyst = await browser.newContext({ storageState: storageState("security_analyst") });
    const requested = await analyst.request.post(`${API}/bulk-actions`, {
      data: await withPreviewDigest(analyst.request, {
        kind: "reset",
        filter: RESET_FILTER,
        reason: "Zero-balance low-risk accounts: reset anyway (charts e2e)",
      }),
    });
    expect(requested.status()).toBe(201);
    const { bulkAction } = (await requested.json()) as {
      bulkAction: { id: string; total: number; needsApproval: boolean };
    };
    expect(bulkAction.total).toBeGreaterThan(0);
    await analyst.close();
    if (bulkAction.needsApproval) {
      // Approval asks for a second factor from the last 5 minutes (step-up), and the stored admin
      // session signed in when the suite began: a fresh sign-in gives one, whenever this test runs.
      const admin = await browser.newContext({ storageState: { cookies: [], origins: [] } }); // signed out, not the manager
      const adminPage = await admin.newPage();
      const { email, password, totpSecret } = DEMO_USERS.admin;
      await signIn(adminPage, email, password, totpSecret);
      const approved = await adminPage.request.post(`/api/v1/bulk-actions/${bulkAction.id}/approve`, {
        data: { note: "e2e" },
      });
      expect(approved.status()).toBe(200);
      await admin.close();
    }

    await expect
      .poll(() => headlineValue(page, "resets-forced"), { timeout: 90_000 })
      .toBeGreaterThanOrEqual(before + bulkAction.total);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  });
});

/** The first chart's drawing is on the page (Recharts draws again after a resize). */
function chartsDrawn(page: Page): () => Promise<void> {
  return () => expect(page.locator(".recharts-wrapper > svg").first()).toBeVisible();
}
