import fs from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_INCIDENT, SCREENSHOTS, storageState } from "./fixtures";

const ACCOUNTS = `/incidents/${DEMO_INCIDENT}/accounts`;
const MASKED = /^.\*\*\*@\S+$/;

function table(page: Page) {
  return page.getByRole("table", { name: /Exposed addresses/ });
}

function bodyRows(page: Page) {
  return table(page).locator("tbody tr");
}

test.describe("as a security analyst", () => {
  test.use({ storageState: storageState("security_analyst") });

  test("filters by the controls, pages with Next, searches an account id and opens the account", async ({ page }) => {
    // Nine filter round trips, two pages, a search and an account page: more than the default timeout when the suite runs in parallel.
    test.setTimeout(60_000);
    await page.goto(`/incidents/${DEMO_INCIDENT}`);
    await page
      .getByRole("navigation", { name: "Incident sections" })
      .getByRole("link", { name: "Exposed accounts" })
      .click();
    await expect(page).toHaveURL(new RegExp(`${ACCOUNTS}$`));
    await expect(page.getByTestId("match-count")).toHaveText(/^[\d,]+ accounts match$/);
    await expect(bodyRows(page)).toHaveCount(50);

    // Risk tier: critical, through the checkbox menu.
    await page.getByText("Risk tier:").click();
    await page.getByRole("checkbox", { name: "Critical" }).check();
    await expect(page).toHaveURL(/[?&]tier=critical(&|$)/);
    await page.keyboard.press("Escape");
    // 2FA: off, through its labelled select.
    await page.getByLabel("2FA").selectOption("no");
    await expect(page).toHaveURL(/[?&]twoFactor=no(&|$)/);
    await expect(page).toHaveURL(/[?&]tier=critical(&|$)/);

    const rows = bodyRows(page);
    await expect(rows).toHaveCount(50);
    await expect(rows.locator("td:nth-child(2)")).toHaveText(Array(50).fill("Critical"));
    await expect(rows.locator("td:nth-child(6)")).toHaveText(Array(50).fill("Off"));
    const count = await page.getByTestId("match-count").innerText();
    expect(Number(count.replace(/\D/g, ""))).toBeGreaterThan(50);

    // The URL holds the whole view: reloading it gives the same table.
    const firstOnPage1 = await rows.first().locator("td:nth-child(4)").innerText();
    await page.reload();
    await expect(rows.first().locator("td:nth-child(4)")).toHaveText(firstOnPage1);

    // A rule's title shows when its reason is focused.
    const chip = rows.first().locator("td:nth-child(5) [tabindex='0']").first();
    await chip.focus();
    await expect(page.getByRole("tooltip").filter({ visible: true })).toHaveText(/^Rule: /);

    await page.getByRole("link", { name: "Next" }).click();
    await expect(page).toHaveURL(/[?&]after=/);
    await expect(page).toHaveURL(/[?&]tier=critical(&|$)/);
    await expect(rows.first().locator("td:nth-child(4)")).not.toHaveText(firstOnPage1);
    await expect(page.getByRole("link", { name: "First page" })).toBeVisible();

    await page.screenshot({ path: `${SCREENSHOTS}/triage.png`, fullPage: false });

    // Search one account id from this page.
    const target = rows.nth(3);
    const accountId = (await target.locator("td:nth-child(4)").innerText()).trim();
    const reason = (await target.locator("td:nth-child(5) [tabindex='0']").first().innerText()).trim();
    await page.getByLabel("Search by e-mail or account id").fill(accountId);
    await expect(page).toHaveURL(new RegExp(`[?&]q=${accountId}(&|$)`));
    await expect(page).not.toHaveURL(/[?&]after=/);
    await expect(rows).toHaveCount(1);
    await expect(page.getByTestId("match-count")).toHaveText("1 account matches");

    await rows.first().getByRole("link").click();
    await expect(page).toHaveURL(new RegExp(`${ACCOUNTS}/EX-\\d{7}$`));
    await expect(page.getByRole("heading", { name: new RegExp(accountId) })).toBeVisible();
    const exposedBy = page.locator("section", { hasText: "Exposed by" });
    await expect(exposedBy.getByText(/indices-update-batch-\d\d/).first()).toBeVisible();
    await expect(exposedBy.getByText(/Seen by 999 other recipients/)).toBeVisible();
    await expect(
      page.getByTestId("rule-reason").filter({ hasText: new RegExp(`^${reason.slice(0, 12)}`, "i") }),
    ).toBeVisible();
    await expect(page.getByText("T0 — company became aware")).toBeVisible();
    // Every critical account got a forced reset on the demo's first day (server/seed/demo-remediation.ts).
    const actions = page.getByRole("table", { name: "Remediation actions on this account" });
    await expect(actions.getByRole("row").filter({ hasText: "Forced password reset" }).first()).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/account.png`, fullPage: true });
  });

  test("moves between rows with j/k and the arrow keys", async ({ page }) => {
    await page.goto(`${ACCOUNTS}?matched=yes`);
    const links = bodyRows(page).locator("td[data-testid='customer-email'] a");
    await links.first().focus();
    await page.keyboard.press("j");
    await expect(links.nth(1)).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(links.nth(2)).toBeFocused();
    await page.keyboard.press("k");
    await expect(links.nth(1)).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`${ACCOUNTS}/EX-\\d{7}$`));
  });

  test("lists the risk rules when their panel is opened, each linking to the accounts where it fired", async ({ page }) => {
    await page.goto(ACCOUNTS);
    const rules = page.getByRole("table", { name: "Risk rules" });
    // Drawn when first opened (not by the server on every view).
    await expect(rules).toHaveCount(0);
    await page.getByText("How risk tiers are decided").click();
    await expect(rules.locator("tbody tr")).toHaveCount(10);
    await expect(rules.getByRole("row").filter({ hasText: "no_2fa" })).toContainText("Medium");
    await rules.getByRole("link", { name: "Show accounts where “Account without 2FA” fired" }).click();
    await expect(page).toHaveURL(new RegExp(`${ACCOUNTS}\\?rule=no_2fa$`));
    await expect(page.locator("#triage-rule")).toHaveValue("no_2fa");
    await expect(bodyRows(page)).toHaveCount(50);
    await expect(bodyRows(page).filter({ hasText: "Off" })).toHaveCount(50);
  });

  test("selects every account that matches the filter and previews a bulk hold on it, without requesting", async ({
    page,
  }) => {
    await page.goto(`${ACCOUNTS}?tier=critical`);
    const count = Number((await page.getByTestId("match-count").innerText()).replace(/\D/g, ""));
    const n = count.toLocaleString("en-GB");
    await page.getByRole("checkbox", { name: "Select every account on this page" }).check();
    await expect(page.getByTestId("selection-summary")).toHaveText("50 selected on this page.");
    await page.getByRole("button", { name: `Select all ${n} accounts that match this filter` }).click();
    await expect(page.getByTestId("selection-summary")).toContainText(`All ${n} accounts`);

    await page.getByRole("button", { name: "Bulk action on selection…" }).click();
    await page.getByRole("radio", { name: /^Hold withdrawals/ }).check();
    const preview = page.getByTestId("bulk-preview");
    await expect(preview).toContainText(`Of ${n} accounts selected`);
    await expect(preview).toContainText("dry run: nothing has changed yet");
    // The demo holds every critical account already, bar the few support released.
    await expect(preview).toContainText("withdrawal hold already active");
    const eligible = Number((await page.getByTestId("bulk-preview-count").innerText()).replace(/\D/g, ""));
    expect(eligible).toBeLessThan(count);
    const accounts = `${eligible.toLocaleString("en-GB")} ${eligible === 1 ? "account" : "accounts"}`;
    await expect(page.getByTestId("bulk-confirm")).toHaveText(new RegExp(`^Request hold of ${accounts} `));
    // Nothing requested: closing leaves no request behind.
    await page.getByRole("region", { name: "Selection", exact: true }).getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByTestId("bulk-preview")).toHaveCount(0);
    await expect(page.getByTestId("bulk-request-done")).toHaveCount(0);
  });

  test("names the invalid parameter of a bad link instead of failing", async ({ page }) => {
    await page.goto(`${ACCOUNTS}?tier=severe&sort=name`);
    const alert = page.getByRole("alert").filter({ hasText: "could not be read" });
    await expect(alert).toContainText("could not be read");
    await expect(alert.locator("li").filter({ hasText: "tier" })).toBeVisible();
    await expect(alert.locator("li").filter({ hasText: "sort" })).toBeVisible();
    await alert.getByRole("link", { name: "Clear filters" }).click();
    await expect(page).toHaveURL(new RegExp(`${ACCOUNTS}$`));
    await expect(bodyRows(page)).toHaveCount(50);
  });
});

test.describe("as a manager", () => {
  test.use({ storageState: storageState("manager") });

  test("sees only masked addresses in the table, on the account page and in the export", async ({ page }) => {
    await page.goto(`${ACCOUNTS}?tier=critical`);
    const emails = bodyRows(page).locator("td[data-testid='customer-email']");
    await expect(emails).toHaveCount(50);
    for (const text of await emails.allInnerTexts()) expect(text.trim()).toMatch(MASKED);
    // Managers are read-only: no selection for bulk actions.
    await expect(page.getByRole("checkbox", { name: "Select every account on this page" })).toHaveCount(0);
    await page.screenshot({ path: `${SCREENSHOTS}/triage-manager.png` });

    const downloadPromise = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toBe(`${DEMO_INCIDENT}-exposed-accounts.csv`);
    const csv = await fs.readFile(await download.path(), "utf8");
    const lines = csv.split("\r\n").filter(Boolean);
    expect(lines[0]).toMatch(/^risk_tier,email,account_id,/);
    const count = Number((await page.getByTestId("match-count").innerText()).replace(/\D/g, ""));
    expect(lines).toHaveLength(count + 1);
    for (const line of lines.slice(1)) {
      expect(line.startsWith("critical,")).toBe(true);
      expect(line.split(",")[1]).toMatch(MASKED);
    }

    await emails.first().getByRole("link").click();
    await expect(page).toHaveURL(new RegExp(`${ACCOUNTS}/EX-\\d{7}$`));
    const accountEmails = page.getByTestId("customer-email");
    await expect(accountEmails).toHaveCount(1);
    await expect(accountEmails).toHaveText(MASKED);
    await expect(page.getByText(/Listed as/).first()).toBeVisible();
    const body = await page.locator("main").innerText();
    for (const match of body.matchAll(/\S+@\S+\.\w+/g)) {
      if (!match[0].endsWith("breachdesk.test")) expect(match[0]).toMatch(/\*\*\*@/);
    }
    // A role without the audit log gets no audit card at all (not a dead one).
    await expect(page.getByRole("heading", { name: "Audit trail" })).toHaveCount(0);
  });
});
