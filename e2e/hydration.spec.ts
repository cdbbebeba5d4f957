import { expect, test, type Page } from "@playwright/test";
import { DEMO_INCIDENT, storageState } from "./fixtures";

// Controls whose work is done by React handlers wait for hydration: before it,
// a form that submits from onSubmit would post natively (the page reloads and
// what was typed is lost), and a select that navigates from onChange would
// show a choice the table never gets. Here the page's scripts are held back,
// so the server's HTML stays unhydrated until the test lets them through.

const ACCOUNTS = `/incidents/${DEMO_INCIDENT}/accounts`;

/** Holds every script chunk of the page until the returned function is called. */
async function holdScripts(page: Page): Promise<() => void> {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(/\/_next\/static\/.+\.js(\?|$)/, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

test.describe("before hydration", () => {
  test.describe("as a security analyst", () => {
    test.use({ storageState: storageState("security_analyst") });

    test("the triage filters wait for it, and a menu opened before it is drawn after it", async ({ page }) => {
      const release = await holdScripts(page);
      // The HTML is there; the held scripts keep the load event (and React) waiting.
      await page.goto(ACCOUNTS, { waitUntil: "domcontentloaded" });
      const twoFactor = page.getByLabel("2FA");
      const search = page.getByLabel("Search by e-mail or account id");
      await expect(twoFactor).toBeDisabled();
      await expect(search).toBeDisabled();

      // A <details> opens without script; its toggle event goes unheard.
      const tierMenu = page.locator("details").filter({ hasText: "Risk tier:" });
      await tierMenu.getByText("Risk tier:").click();
      await expect(tierMenu).toHaveAttribute("open", "");
      await expect(page.getByRole("checkbox", { name: "Critical" })).toHaveCount(0);

      release();
      await expect(twoFactor).toBeEnabled();
      await expect(search).toBeEnabled();
      // The menu found open on hydration draws its options.
      await page.getByRole("checkbox", { name: "Critical" }).check();
      await expect(page).toHaveURL(/[?&]tier=critical(&|$)/);
      await page.keyboard.press("Escape");
      await twoFactor.selectOption("no");
      await expect(page).toHaveURL(/[?&]twoFactor=no(&|$)/);
      await expect(page).toHaveURL(/[?&]tier=critical(&|$)/);
    });
  });

  test.describe("as support", () => {
    test.use({ storageState: storageState("support_agent") });

    test("a form's submit button waits for it, and what was typed before it is sent", async ({ page }) => {
      // A matched account that the other specs leave alone (day-find writes notes on the first).
      const answer = await page.request.get(`/api/v1/incidents/${DEMO_INCIDENT}/accounts?matched=yes&size=10`);
      expect(answer.status()).toBe(200);
      const { accounts } = (await answer.json()) as { accounts: { externalId: string }[] };
      const account = accounts.at(-1)!;

      const nativePosts: string[] = [];
      page.on("request", (request) => {
        if (request.isNavigationRequest() && request.method() === "POST") nativePosts.push(request.url());
      });
      const release = await holdScripts(page);
      await page.goto(`${ACCOUNTS}/${account.externalId}`, { waitUntil: "domcontentloaded" });
      const notes = page.locator("section").filter({ has: page.getByRole("heading", { name: "Notes", exact: true }) });
      const submit = notes.getByRole("button", { name: "Add note" });
      await expect(submit).toBeDisabled();
      const body = `Typed before hydration ${Date.now()}`;
      await notes.getByLabel("Note", { exact: true }).fill(body);
      const ticket = notes.getByLabel("Ticket reference (optional)");
      await ticket.fill("ZD-1");
      // Nor does Enter in a field: a disabled default button stops implicit submission.
      await ticket.press("Enter");

      release();
      await expect(submit).toBeEnabled();
      await expect(notes.getByLabel("Note", { exact: true })).toHaveValue(body);
      await submit.click();
      await expect(notes.getByText("Note added.")).toBeVisible();
      await expect(notes.getByRole("list", { name: "Notes, newest first" })).toContainText(body);
      // Sent by the form's handler (a server action's fetch), never as a page of its own.
      expect(nativePosts).toEqual([]);
    });
  });
});
