import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO_INCIDENT, shootAtWidths, storageState } from "./fixtures";

// The responder's day, safety and flow: a bulk hold that leaves out the
// customers support verified; "waiting for your approval" where approvers
// look; the approve panel showing the frozen accounts; an analyst acting from
// the account page; a progress view that shows one state. Nothing here
// approves or holds the demo's shared accounts: the other specs count them.

const INCIDENT = `/incidents/${DEMO_INCIDENT}`;
const ACCOUNTS = `${INCIDENT}/accounts`;
const BULK = `${INCIDENT}/bulk-actions`;
// server/seed/demo-remediation.ts: the analyst's reset of the medium-risk accounts, awaiting approval.
const PENDING_ID = "00000000-0000-4000-8000-0000000000b1";
// server/seed/demo-notices.ts: the rejected customer notice.
const REJECTED_NOTICE_ID = "00000000-0000-4000-8000-0000000000c1";
/** Serious or critical axe violations (WCAG 2.1 A and AA) of the page as it is now, panels open included. */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`);
}

function waitingLink(page: Page): Locator {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Waiting for your approval \(\d+\)$/ });
}

test.describe("as an admin", () => {
  test.use({ storageState: storageState("admin") });

  test("2. sees what waits for their approval: in the navigation, on a page with expiries, on the overview and in the headline numbers", async ({
    page,
  }) => {
    await page.goto(INCIDENT);
    const link = waitingLink(page);
    await expect(link).toBeVisible();
    const n = Number((await link.innerText()).replace(/\D/g, ""));
    expect(n).toBeGreaterThanOrEqual(1);

    const overview = page.getByTestId("overview-pending-approvals");
    await expect(overview.locator(`a[href$="${PENDING_ID}"]`)).toBeVisible();
    await expect(overview).toContainText("Requested by Sam Analyst");
    await expect(overview).toContainText("Expires");
    await expect(page.getByRole("definition").filter({ hasText: /\d+ awaiting approval/ }).first()).toBeVisible();
    await shootAtWidths(page, "day-flow-overview-waiting", { fullPage: false, focus: overview });

    await link.click();
    await expect(page).toHaveURL(/\/approvals$/);
    await expect(page.getByRole("heading", { level: 1, name: /^Waiting for your approval \(\d+\)$/ })).toBeVisible();
    const row = page.getByTestId("pending-approvals").getByRole("listitem").filter({ has: page.locator(`a[href$="${PENDING_ID}"]`) });
    await expect(row).toContainText(/^Password reset of [\d,]+ accounts/);
    await expect(row).toContainText(/Expires \d/);
    await expect(link).toHaveAttribute("aria-current", "page");
    await shootAtWidths(page, "day-flow-approvals", { fullPage: false });
  });

  test("3 and 5. reads the frozen accounts in the approve panel, opens exactly them in the table; a waiting request says so with no rate", async ({
    page,
  }) => {
    await page.goto(`${BULK}/${PENDING_ID}`);
    const heading = page.getByRole("heading", { level: 2, name: /^Password reset of [\d,]+ accounts/ });
    const total = (await heading.innerText()).match(/of ([\d,]+) accounts/)![1]!;
    // One state on screen: waiting, with nothing of a run (no rate, no time left).
    await expect(page.getByTestId("bulk-headline")).toHaveText(/^Nothing has been done yet: it waits for a second person's approval until /);
    await expect(page.getByTestId("bulk-progress-counts")).not.toContainText("Rate");
    await expect(page.getByTestId("bulk-progress-counts")).not.toContainText("Time left");

    await page.getByRole("button", { name: "Approve…" }).click();
    const summary = page.getByTestId("frozen-set-summary");
    await expect(summary).toBeVisible();
    await expect(summary.getByRole("group", { name: "Accounts by risk tier" })).toContainText("Medium");
    await expect(page.getByTestId("frozen-set-balance")).toContainText("$");
    await expect(page.getByTestId("frozen-set-actioned")).toContainText(/[\d,]+ accounts? ha(s|ve) had a reset or a hold/);
    await expect(page.getByTestId("frozen-set-rules").getByRole("listitem").first()).toBeVisible();
    const sample = page.getByTestId("frozen-set-sample").getByRole("listitem");
    await expect(sample).toHaveCount(10);
    // The "why" column: each sampled account says which rules put it there.
    await expect(sample.first()).not.toContainText("no rule fires");
    expect(await seriousViolations(page)).toEqual([]);
    await shootAtWidths(page, "day-flow-approve-panel", { fullPage: false, focus: summary });

    await page.getByTestId("frozen-set-link").click();
    await expect(page).toHaveURL(new RegExp(`${ACCOUNTS}\\?bulk=${PENDING_ID}$`));
    await expect(page.getByTestId("match-count")).toHaveText(`${total} accounts match`);
  });

  test("5. a rejected notice campaign shows no progress bar", async ({ page }) => {
    await page.goto(`${INCIDENT}/notices/${REJECTED_NOTICE_ID}`);
    await expect(page.getByText("Nothing was sent.")).toBeVisible();
    await expect(page.getByRole("progressbar")).toHaveCount(0);
  });
});

test.describe("as a security analyst", () => {
  test.use({ storageState: storageState("security_analyst") });

  test("1. a bulk hold's preview leaves out the customers released as verified, says so, and includes them only on purpose", async ({
    page,
  }) => {
    await page.goto(BULK);
    const rec = page
      .getByRole("listitem")
      .filter({ has: page.getByRole("heading", { name: "Hold every account whose password or security details changed after T0" }) });
    await rec.getByRole("button", { name: "Preview…" }).click();
    const form = rec.getByTestId("bulk-request-form");
    const preview = form.getByTestId("bulk-preview");
    const leftOut = preview.getByRole("listitem").filter({ hasText: "hold released after verification with the customer, no security event since" });
    await expect(leftOut).toBeVisible();
    const verified = Number((await leftOut.innerText()).replace(/\D/g, ""));
    expect(verified).toBeGreaterThan(0);
    const before = Number((await preview.getByTestId("bulk-preview-count").innerText()).replace(/\D/g, ""));
    await expect(form.getByTestId("bulk-prior-holds")).toBeVisible();
    const include = form.getByTestId("bulk-include-verified");
    await expect(include).not.toBeChecked();
    expect(await seriousViolations(page)).toEqual([]);
    await shootAtWidths(page, "day-flow-hold-preview", { fullPage: false, focus: form });

    await include.check();
    await expect(form.getByTestId("bulk-preview-count")).toHaveText(String(before + verified));
    await expect(form.getByTestId("bulk-prior-holds")).toContainText("released as verified, included on purpose");
    await expect(form.getByTestId("bulk-include-verified")).toBeChecked();
    // Nothing is requested here: the demo's holds stay as they are for the other specs.
    await form.getByRole("button", { name: "Cancel" }).click();
  });

  test("2. does not wait for their own request", async ({ page }) => {
    await page.goto("/approvals");
    await expect(waitingLink(page)).toBeVisible();
    await expect(page.locator(`[data-testid="pending-approvals"] a[href$="${PENDING_ID}"]`)).toHaveCount(0);
  });

  test("4 and 5. requests a reset from the account page, which runs at once and then shows one finished state", async ({
    page,
  }) => {
    // A medium-risk, low-balance account nothing has touched: the last of the page, away from other specs' picks.
    await page.goto(`${ACCOUNTS}?tier=medium&balance=low&action=none&matched=yes`);
    await page
      .getByRole("table", { name: /Exposed addresses/ })
      .locator("tbody tr td[data-testid='customer-email'] a")
      .last()
      .click();
    await expect(page).toHaveURL(new RegExp(`${ACCOUNTS}/EX-\\d+$`));
    const externalId = (await page.getByRole("heading", { level: 2 }).first().innerText()).split(/\s/)[0]!;

    const request = page.getByTestId("account-request");
    await expect(request).toContainText("Who acts on one account directly: Admin, Support agent.");
    await request.getByRole("button", { name: "Request a reset or hold for this account…" }).click();
    const form = request.getByTestId("bulk-request-form");
    await expect(form.getByRole("heading", { name: `Request an action on ${externalId}` })).toBeVisible();
    await form.getByRole("radio", { name: /Force password reset/ }).check();
    await expect(form.getByTestId("bulk-preview-count")).toHaveText("1");
    expect(await seriousViolations(page)).toEqual([]);
    await shootAtWidths(page, "day-flow-account-request", { fullPage: false, focus: form });
    await form.getByRole("button", { name: "Request password reset of 1 account" }).click();
    await expect(form.getByTestId("bulk-request-done")).toContainText("Requested: 1 account.");
    await form.getByRole("link", { name: "Open the bulk action" }).click();

    await expect(page.getByTestId("bulk-headline")).toHaveText(/^Completed in \d+(\.\d)? s|^Completed in \d+ min/, {
      timeout: 60_000,
    });
    await expect(page.getByTestId("bulk-live-panel")).toHaveAttribute("data-status", "completed");
    await expect(page.getByTestId("bulk-status")).toHaveText("Completed");
    await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
    await expect(page.getByRole("button", { name: /^Approve|^Reject/ })).toHaveCount(0);
    await expect(page.getByText(/running now|waits for a second person/)).toHaveCount(0);
    await shootAtWidths(page, "day-flow-bulk-completed", { fullPage: false });
  });
});

test.describe("as a support agent", () => {
  test.use({ storageState: storageState("support_agent") });

  test("4. opens an account from the overview's security changes; 2. is not shown approvals", async ({ page }) => {
    await page.goto(INCIDENT);
    await expect(waitingLink(page)).toHaveCount(0);
    const changes = page.locator("section").filter({ has: page.getByRole("heading", { name: "Security changes after T0" }) });
    const first = changes.getByRole("table").locator("tbody tr").first().getByRole("link");
    const id = await first.innerText();
    await first.click();
    await expect(page).toHaveURL(new RegExp(`${ACCOUNTS}/EX-\\d+$`));
    await expect(page.getByRole("heading", { level: 2 }).first()).toContainText(id);
  });
});

test.describe("as a manager", () => {
  test.use({ storageState: storageState("manager") });

  test("2. sees the pending count in the headline numbers, with no approval list", async ({ page }) => {
    await page.goto(INCIDENT);
    await expect(page.getByRole("definition").filter({ hasText: /\d+ awaiting approval/ }).first()).toBeVisible();
    await expect(page.getByTestId("overview-pending-approvals")).toHaveCount(0);
    await expect(waitingLink(page)).toHaveCount(0);
  });
});
