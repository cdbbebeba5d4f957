import { expect, test, type Page } from "@playwright/test";
import { DEMO_INCIDENT, storageState } from "./fixtures";

// Addresses kept from masked viewers (triage cursors, sort, search), bad cursors, and the audit of unmasked views, in the browser.
const ACCOUNTS = `/incidents/${DEMO_INCIDENT}/accounts`;

function bodyRows(page: Page) {
  return page.getByRole("table", { name: /Exposed addresses/ }).locator("tbody tr");
}

test.describe("as a security analyst", () => {
  test.use({ storageState: storageState("security_analyst") });

  test("pages by e-mail with sealed cursors that reveal nothing", async ({ page }) => {
    await page.goto(`${ACCOUNTS}?sort=email`);
    await expect(bodyRows(page)).toHaveCount(50);
    const lastEmail = (await bodyRows(page).last().locator("td[data-testid='customer-email']").innerText()).trim();
    const next = page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Next" });
    const href = (await next.getAttribute("href")) ?? "";
    const after = new URL(href, "http://x").searchParams.get("after") ?? "";
    expect(after).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const opened = Buffer.from(after, "base64url").toString("latin1").toLowerCase();
    expect(opened).not.toContain(lastEmail.toLowerCase());
    expect(opened).not.toContain(lastEmail.split("@")[1]!.toLowerCase());
    await next.click();
    await expect(page).toHaveURL(/[?&]after=/);
    await expect(bodyRows(page).first().locator("td[data-testid='customer-email']")).not.toHaveText(lastEmail);
  });

  test("starts from the first page for a malformed or foreign cursor instead of an error page", async ({ page }) => {
    await page.goto(`${ACCOUNTS}?sort=balance`);
    // The first row's account id: the row's whole text changes as its rule chips hydrate.
    const accountOf = (p: typeof page) => bodyRows(p).first().locator("td").filter({ hasText: /^EX-\d+$/ });
    const first = (await accountOf(page).textContent()) ?? "";
    const oldStyle = Buffer.from(JSON.stringify(["not a number", 1])).toString("base64url");
    for (const after of [oldStyle, "zzzzzz", "%00", "-1"]) {
      await page.goto(`${ACCOUNTS}?sort=balance&after=${encodeURIComponent(after)}`);
      await expect(bodyRows(page)).toHaveCount(50);
      await expect(accountOf(page)).toHaveText(first);
      await expect(page.getByText("Something went wrong on our side")).toHaveCount(0);
    }
    const timeline = `/incidents/${DEMO_INCIDENT}/timeline`;
    await page.goto(`${timeline}?after=${"z".repeat(11)}.00000000-0000-0000-0000-000000000000`);
    await expect(page.getByText("Something went wrong on our side")).toHaveCount(0);
    await expect(page).toHaveURL(new RegExp(`${timeline}\\?after=`));
  });

  test("the account page's audit trail shows who saw the address unmasked", async ({ page }) => {
    await page.goto(`${ACCOUNTS}?matched=yes`);
    await bodyRows(page).first().locator("td[data-testid='customer-email'] a").click();
    await expect(page).toHaveURL(new RegExp(`${ACCOUNTS}/EX-\\d{7}$`));
    const trail = page.locator("section").filter({ has: page.getByRole("heading", { name: "Audit trail" }) });
    await expect(trail.getByText("Viewed the unmasked address").first()).toBeVisible();
    await expect(trail.getByText("by analyst@breachdesk.test").first()).toBeVisible();
  });
});

test.describe("as a manager", () => {
  test.use({ storageState: storageState("manager") });

  test("can neither sort by e-mail nor search for an address", async ({ page }) => {
    await page.goto(ACCOUNTS);
    await expect(bodyRows(page)).toHaveCount(50);
    await expect(page.getByLabel("Sort").locator("option")).toHaveText([
      "Risk (highest first)",
      "Balance (largest first)",
      "Last event (newest first)",
    ]);
    await expect(page.getByRole("columnheader", { name: "E-mail" }).getByRole("link")).toHaveCount(0);
    await expect(page.getByPlaceholder("Search account id")).toBeVisible();

    await page.goto(`${ACCOUNTS}?sort=email`);
    const alert = page.getByRole("alert").filter({ hasText: "could not be read" });
    await expect(alert.locator("li").filter({ hasText: "sort" })).toBeVisible();
    await expect(bodyRows(page)).toHaveCount(0);

    // An address in a shared link is not searched (that would tell a masked role whether it was
    // exposed): the table stays unfiltered, with a hint that the palette finds one by its whole address.
    await page.goto(`${ACCOUNTS}?q=${encodeURIComponent("someone@example.com")}`);
    await expect(page.getByText(/Addresses are masked for your role/)).toBeVisible();
    await expect(bodyRows(page)).toHaveCount(50);
  });
});
