import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_INCIDENT, SCREENSHOTS, storageState } from "./fixtures";
import { createThrowawayStaff, signedInContext } from "./staff-helpers";

// The customer notice journey: an analyst writes the customer notice, previews it for
// one account, test-sends it to staff and requests it for a leak group; a
// second analyst approves; it runs to the end with its progress bar. The
// app sends through the e2e's own SMTP server (scripts/e2e-smtp-sink.ts),
// which is then asked what it received: one message per customer, each with
// exactly one recipient, the customer.

const NOTICES = `/incidents/${DEMO_INCIDENT}/notices`;
// One leaked message's matched recipients: several hundred, above the
// four-eyes threshold of 100, and no other spec sends notices.
const AUDIENCE = "group=3&matched=yes";
const SINK = `http://127.0.0.1:${process.env.BREACHDESK_E2E_SMTP_HTTP_PORT}`;

type Received = { mailFrom: string; rcptTo: string[]; raw: string };

async function shoot(page: Page, name: string, fullPage = true): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
}

function header(raw: string, name: string): string[] {
  const head = raw.slice(0, raw.indexOf("\r\n\r\n")).replace(/\r\n[ \t]+/g, " ");
  return head
    .split("\r\n")
    .filter((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    .map((line) => line.slice(name.length + 1).trim());
}

test.describe("customer notices", () => {
  test.use({ storageState: storageState("security_analyst") });

  test("an analyst composes, previews, test-sends and requests; a second analyst approves; the SMTP server gets one message per customer", async ({
    page,
    browser,
    request,
  }) => {
    test.setTimeout(240_000);
    const approver = await createThrowawayStaff(browser, "security_analyst", "second-analyst");

    await page.goto(`${NOTICES}/compose`);
    // The demo's first draft is version 1 (its campaign was rejected).
    await expect(page.getByText("Version 1 saved.")).toBeVisible();
    const preview = page.getByTestId("notice-preview");
    await expect(preview).toContainText("(account ");
    await expect(preview).toContainText("alone)");
    await page.getByLabel("Subject").fill("Important: your e-mail address was shown to other customers");
    await expect(page.getByTestId("notice-preview-subject")).toHaveText("Important: your e-mail address was shown to other customers");
    await expect(page.getByTestId("notice-preview-text")).toContainText("***@");
    // Markup in the HTML part is refused when it would not be escaped.
    await page.getByLabel("HTML (optional; every value is escaped)").fill("<p>{{{maskedEmail}}}</p>");
    await expect(page.getByText(/Triple braces/)).toBeVisible();
    await page.getByLabel("HTML (optional; every value is escaped)").fill("<p>Hello {{maskedEmail}}</p>");
    await expect(page.getByText(/Triple braces/)).toHaveCount(0);
    await page.getByRole("button", { name: "Save as version 2" }).click();
    await expect(page.getByText("Saved as version 2.")).toBeVisible();

    // The author is ticked by default.
    await expect(page.getByRole("checkbox", { name: /analyst@breachdesk\.test/ })).toBeChecked();
    await expect(page.getByRole("checkbox", { name: /admin@breachdesk\.test/ })).not.toBeChecked();
    await page.getByRole("button", { name: "Send test" }).click();
    await expect(page.getByText("Test sent to analyst@breachdesk.test.")).toBeVisible();

    // The audience comes from an Exposed accounts view ("Notify these customers" opens the composer with it).
    await page.goto(`${NOTICES}/compose?audience=${encodeURIComponent(AUDIENCE)}`);
    await expect(page.getByTestId("audience-query")).toHaveText("matched=yes&group=3");
    // The dry run is the composer's own handler: a click before React has hydrated the form would submit it natively.
    await page.waitForLoadState("networkidle");
    await page.getByRole("button", { name: "Dry run" }).click();
    const audience = page.getByTestId("audience-preview");
    await expect(audience).toContainText("customers get one message each");
    await expect(audience).toContainText("a second person must approve");
    const n = Number((await audience.locator("strong").first().innerText()).replace(/\D/g, ""));
    expect(n).toBeGreaterThan(100);
    const label = n.toLocaleString("en-GB");
    await shoot(page, "notice-compose");
    await page.getByRole("button", { name: `Request notice v2 to ${label} customers` }).click();
    await page.waitForURL(new RegExp(`${NOTICES}/[0-9a-f-]{36}$`));
    const campaignUrl = page.url();
    const campaignId = campaignUrl.slice(-36);
    await expect(page.getByRole("heading", { name: `Notice to ${label} customers` })).toBeVisible();
    await expect(page.getByText("Awaiting approval by another person")).toBeVisible();
    await expect(page.getByRole("button", { name: /^Approve/ })).toHaveCount(0);

    // A second analyst approves; the bar runs to the end on their page.
    const context = await signedInContext(browser, approver);
    const second = await context.newPage();
    await second.goto(campaignUrl);
    await second.getByRole("button", { name: "Approve…" }).click();
    await second.getByRole("button", { name: `Approve sending to ${label} customers` }).click();
    await expect(second.getByRole("progressbar", { name: "Notices sent" })).toBeVisible();
    await expect(second.getByTestId("notice-count-remaining")).toHaveText("0", { timeout: 180_000 });
    await expect(second.getByTestId("notice-count-sent")).toHaveText(label);
    await expect(second.getByRole("heading", { name: `Notice to ${label} customers` })).toContainText("Finished");
    await expect(second.getByText(/Approved .* by second-analyst/)).toBeVisible();
    await shoot(second, "notice-campaign", false);
    await context.close();

    // What the SMTP server received.
    const received = (await (await request.get(`${SINK}/messages`)).json()) as Received[];
    const tests = received.filter((m) => header(m.raw, "Subject")[0]?.startsWith("[TEST]"));
    expect(tests.map((m) => m.rcptTo)).toContainEqual(["analyst@breachdesk.test"]);
    const campaign = received.filter((m) => header(m.raw, "Message-ID")[0]?.startsWith(`<notice.${campaignId}.`));
    expect(campaign).toHaveLength(n);
    const customers = new Set<string>();
    for (const message of campaign) {
      expect(message.rcptTo).toHaveLength(1);
      const to = message.rcptTo[0]!;
      expect(header(message.raw, "To")).toEqual([to]);
      expect(header(message.raw, "Cc")).toEqual([]);
      expect(header(message.raw, "Bcc")).toEqual([]);
      expect(header(message.raw, "Reply-To")).toEqual(["help@exchange.example"]);
      customers.add(to);
    }
    expect(customers.size).toBe(n);

    // The report shows the campaign with its counts (Article 34).
    await page.goto(`/incidents/${DEMO_INCIDENT}/report`);
    const notices = page.getByRole("table", { name: "Customer notice campaigns and their delivery counts" });
    await expect(notices.getByRole("row").filter({ hasText: "version 2" })).toContainText(label);
  });
});
