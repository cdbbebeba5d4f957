import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_INCIDENT, SCREEN_WIDTHS, SCREENSHOTS, storageState } from "./fixtures";

// The responder's day, finding things: account URLs by the exchange's id, the
// command palette (Ctrl K) and "/", the skip link, the masked roles' search
// hint, the notice audience and placeholder pickers, and the small things
// (favicon, tab titles, the new incident's time, a revoked token's value, the
// timeline's newest page, self-deactivation, support's account page and notes).

const INCIDENT = `/incidents/${DEMO_INCIDENT}`;
const ACCOUNTS = `${INCIDENT}/accounts`;

/** One exposed, matched account of the demo incident, as an admin sees it (unmasked). */
async function exposedAccount(browser: Browser): Promise<{ externalId: string; email: string }> {
  const context = await browser.newContext({ storageState: storageState("admin") });
  const answer = await context.request.get(`/api/v1/incidents/${DEMO_INCIDENT}/accounts?matched=yes&size=10`);
  expect(answer.status()).toBe(200);
  const { accounts } = (await answer.json()) as { accounts: { externalId: string; email: string }[] };
  await context.close();
  return accounts[0]!;
}

async function openPalette(page: Page) {
  // The shortcut is the palette's own listener: only there once the page is hydrated.
  await page.waitForLoadState("networkidle");
  await page.keyboard.press("Control+k");
  const dialog = page.getByRole("dialog", { name: "Search accounts, pages and actions" });
  await expect(dialog).toBeVisible();
  return dialog;
}

async function seriousViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.slice(0, 5).map((n) => n.target.join(" ")).join(", ")}`);
}

test.describe("item 10: account URLs, the command palette, '/' and the skip link (support agent)", () => {
  test.use({ storageState: storageState("support_agent") });

  test("an account page opens by the exchange's id; an old internal-id link is sent there", async ({ page, browser }) => {
    const account = await exposedAccount(browser);
    const response = await page.goto(`${ACCOUNTS}/${account.externalId}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { name: new RegExp(account.externalId) })).toBeVisible();
    await expect(page).toHaveTitle(new RegExp(`^Account ${account.externalId} · .+ · Breachdesk$`));
    // The demo's first account by its internal row id: redirected to its exchange id.
    await page.goto(`${ACCOUNTS}/1`);
    await expect(page).toHaveURL(new RegExp(`${ACCOUNTS}/EX-0000001$`));
    // An id that is no exposed account is a 404, whichever form it takes.
    expect((await page.goto(`${ACCOUNTS}/EX-9999999`))?.status()).toBe(404);
  });

  test("Ctrl K finds an account by id and opens it; pages and actions are offered; Escape closes", async ({ page, browser }) => {
    const account = await exposedAccount(browser);
    await page.goto(INCIDENT);
    const dialog = await openPalette(page);
    const box = dialog.getByRole("combobox");
    await expect(box).toBeFocused();
    await box.fill("remed");
    await expect(dialog.getByRole("option", { name: /Remediation/ }).first()).toBeVisible();
    await box.fill(account.externalId.toLowerCase());
    const found = dialog.getByRole("option", { name: new RegExp(account.externalId) });
    await expect(found).toBeVisible();
    await expect(found).toContainText(account.email);
    await page.screenshot({ path: `${SCREENSHOTS}/day-find-palette.png` });
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`${ACCOUNTS}/${account.externalId}$`));

    await openPalette(page);
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog")).toHaveCount(0);
  });

  test("'/' puts the cursor in the table's search; the skip link jumps to the content", async ({ page }) => {
    await page.goto(ACCOUNTS);
    // The box is enabled once hydrated, and so is the palette's listener (the layout hydrates first).
    await expect(page.locator("#triage-q")).toBeEnabled();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("/");
    await expect(page.locator("#triage-q")).toBeFocused();

    await page.goto(INCIDENT);
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(page.locator("main#main")).toBeFocused();
  });

  test("the palette fits a 390 px screen and passes the axe scan", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(INCIDENT);
    const dialog = await openPalette(page);
    await dialog.getByRole("combobox").fill("time");
    await expect(dialog.getByRole("option", { name: /Timeline/ }).first()).toBeVisible();
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);
  });
});

test.describe("items 10 and 11: masked roles (manager)", () => {
  test.use({ storageState: storageState("manager") });

  test("the palette finds an account by its whole address only, and answers masked", async ({ page, browser }) => {
    const account = await exposedAccount(browser);
    await page.goto(INCIDENT);
    const dialog = await openPalette(page);
    const box = dialog.getByRole("combobox");
    await box.fill(account.email.slice(0, account.email.indexOf("@") + 2));
    await expect(dialog.getByRole("status")).toContainText("No exposed account has exactly this address");
    await expect(dialog.getByRole("option", { name: new RegExp(account.externalId) })).toHaveCount(0);
    await box.fill(account.email.toUpperCase());
    const found = dialog.getByRole("option", { name: new RegExp(account.externalId) });
    await expect(found).toBeVisible();
    await expect(found).toContainText("***@");
    await expect(dialog).not.toContainText(account.email);
  });

  test("typing an address into the table's search keeps the table and says what works", async ({ page, browser }) => {
    const account = await exposedAccount(browser);
    await page.goto(ACCOUNTS);
    const rows = page.getByRole("table", { name: /Exposed addresses/ }).locator("tbody tr");
    await expect(rows.first()).toBeVisible();
    await page.getByLabel("Search by account id").fill(account.email);
    await expect(page.getByText(/Addresses are masked for your role, so this box finds account ids only/)).toBeVisible();
    await expect(rows.first()).toBeVisible();
    await expect(page).not.toHaveURL(/[?&]q=/);
    // A shared link with an address: the table stays, with the same hint.
    await page.goto(`${ACCOUNTS}?q=${encodeURIComponent(account.email)}`);
    await expect(page.getByText(/Addresses are masked for your role/)).toBeVisible();
    await expect(rows.first()).toBeVisible();
    await expect(page.getByText("This link’s filter could not be read.")).toHaveCount(0);
  });
});

test.describe("item 13: the notice audience and placeholders (security analyst)", () => {
  test.use({ storageState: storageState("security_analyst") });

  test("the audience is chosen with the table's filters or taken from the table's view; placeholders are picked", async ({ page }) => {
    await page.goto(`${ACCOUNTS}?tier=critical`);
    await page.getByRole("link", { name: "Notify these customers" }).click();
    await expect(page).toHaveURL(/notices\/compose\?audience=tier%3Dcritical/);
    await expect(page.getByTestId("audience-query")).toHaveText("tier=critical");
    await page.getByRole("group", { name: "Audience filters" }).getByLabel("2FA").selectOption("no");
    await expect(page.getByTestId("audience-query")).toHaveText("tier=critical&twoFactor=no");
    await page.getByRole("button", { name: "Dry run" }).click();
    await expect(page.getByTestId("audience-preview")).toContainText("customers get one message each");

    // A misspelt placeholder says what to write; the picker inserts the right one at the cursor.
    const subject = page.getByLabel("Subject");
    await subject.fill("Account {{account_id}}");
    await expect(page.getByText("Unknown placeholder {{account_id}} (line 1): did you mean {{accountId}}?")).toBeVisible();
    await subject.fill("Your account ");
    await subject.press("End");
    await page.getByRole("button", { name: /^Insert \{\{accountId\}\}/ }).click();
    await expect(subject).toHaveValue("Your account {{accountId}}");
    await expect(page.getByTestId("notice-preview-subject")).toHaveText(/^Your account EX-\d{7}$/);
    await page.screenshot({ path: `${SCREENSHOTS}/day-find-compose.png`, fullPage: true });
  });
});

test.describe("item 14: small things", () => {
  test.describe("as an admin", () => {
    test.use({ storageState: storageState("admin") });

    test("a favicon, tab titles naming the incident, and the new incident's times in the app's format", async ({ page }) => {
      await page.goto(`${INCIDENT}/timeline`);
      const icon = page.locator("link[rel='icon']");
      await expect(icon).toHaveAttribute("href", /icon\.svg/);
      expect((await page.request.get((await icon.getAttribute("href"))!)).status()).toBe(200);
      const title = await page.title();
      expect(title).toMatch(/^Timeline · .+ · Breachdesk$/);
      expect(title).not.toContain(DEMO_INCIDENT);

      await page.goto("/incidents");
      await page.getByLabel("Became aware (T0), UTC").fill("2026-12-01T09:12");
      await expect(page.getByTestId("incident-awareAt-utc")).toHaveText("1 Dec 2026, 09:12 UTC");
    });

    test("a revoked token's value leaves the screen; no Deactivate on one's own row", async ({ page }) => {
      await page.goto("/admin/api-tokens");
      const form = page.getByRole("form", { name: "Create an API token" });
      const name = `day-find ${Date.now()}`;
      await form.getByLabel("Name (the system that will use it)").fill(name);
      await form.getByRole("button", { name: "Create token" }).click();
      await expect(page.getByTestId("new-role-token")).toBeVisible();
      await page.getByTestId("role-tokens").getByRole("row").filter({ hasText: name }).getByRole("button", { name: /Revoke/ }).click();
      await expect(page.getByTestId("new-role-token-revoked")).toContainText("was revoked");
      await expect(page.getByTestId("new-role-token")).toHaveCount(0);

      await page.goto("/admin/staff");
      const own = page.getByRole("row").filter({ hasText: "admin@breachdesk.test" });
      await expect(own.getByText("(you)")).toBeVisible();
      await expect(own.getByRole("button", { name: /^Deactivate/ })).toHaveCount(0);
      await expect(page.getByRole("button", { name: "Deactivate support@breachdesk.test" })).toBeVisible();
    });

    test("the timeline jumps to its newest events", async ({ page }) => {
      await page.goto(`${INCIDENT}/timeline`);
      const total = Number((await page.getByText(/^\d[\d,]* events? · times in UTC/).innerText()).replace(/[^\d].*$/s, "").replace(/,/g, ""));
      const jump = page.getByRole("link", { name: "Jump to latest" });
      if (total > 50) {
        await jump.click();
        await expect(page).toHaveURL(/[?&]before=end/);
        await expect(page.getByText("Later events →")).toBeVisible();
        await expect(page.getByRole("link", { name: "Later events →" })).toHaveCount(0);
      } else {
        await expect(jump).toHaveCount(0);
      }
      // The newest page by URL, whatever the count: no link past the end.
      await page.goto(`${INCIDENT}/timeline?before=end`);
      await expect(page.getByRole("link", { name: "Later events →" })).toHaveCount(0);
    });
  });

  test.describe("as support", () => {
    test.use({ storageState: storageState("support_agent") });

    test("the account page has notes with a ticket reference, and no dead Audit trail card", async ({ page, browser }) => {
      const account = await exposedAccount(browser);
      await page.goto(`${ACCOUNTS}/${account.externalId}`);
      await expect(page.getByRole("heading", { name: "Audit trail" })).toHaveCount(0);
      const notes = page.locator("section").filter({ has: page.getByRole("heading", { name: "Notes", exact: true }) });
      const body = `Called the customer ${Date.now()}: the new device is hers.`;
      await notes.getByLabel("Ticket reference (optional)").fill("bad ref!");
      await notes.getByLabel("Note", { exact: true }).fill(body);
      await notes.getByRole("button", { name: "Add note" }).click();
      await expect(notes.getByText("A ticket reference has letters, digits and - _ . / # only.")).toBeVisible();
      await notes.getByLabel("Ticket reference (optional)").fill("ZD-48213");
      await notes.getByRole("button", { name: "Add note" }).click();
      await expect(notes.getByText("Note added.")).toBeVisible();
      const listed = notes.getByRole("list", { name: "Notes, newest first" }).getByRole("listitem").first();
      await expect(listed).toContainText(body);
      await expect(listed).toContainText("ZD-48213");
      await expect(listed).toContainText("support@breachdesk.test");
      await expect(notes.getByLabel("Note", { exact: true })).toHaveValue("");

      // At 390 px the notes card does not scroll sideways.
      await page.setViewportSize({ width: 390, height: 844 });
      const overflow = await notes.evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${SCREENSHOTS}/day-find-notes-390.png`, fullPage: true });
    });
  });
});

test.describe("screens at 1440, 1920 and 390 px", () => {
  test.use({ storageState: storageState("admin") });

  test("the account page with its notes, the composer's pickers and the palette, at each width", async ({ page, browser }) => {
    const account = await exposedAccount(browser);
    for (const width of SCREEN_WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${ACCOUNTS}/${account.externalId}`);
      await expect(page.getByRole("heading", { name: "Notes", exact: true })).toBeVisible();
      await page.screenshot({ path: `${SCREENSHOTS}/day-find-account-${width}.png`, fullPage: true });
      await page.goto(`${INCIDENT}/notices/compose?audience=${encodeURIComponent("tier=critical,high&twoFactor=no")}`);
      await expect(page.getByTestId("audience-query")).toHaveText("tier=critical,high&twoFactor=no");
      await page.screenshot({ path: `${SCREENSHOTS}/day-find-compose-${width}.png`, fullPage: true });
      const dialog = await openPalette(page);
      await dialog.getByRole("combobox").fill("EX-00001");
      await expect(dialog.getByRole("option").first()).toContainText("EX-00001");
      await page.screenshot({ path: `${SCREENSHOTS}/day-find-palette-${width}.png` });
      await page.keyboard.press("Escape");
    }
  });
});
