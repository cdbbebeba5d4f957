import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO_INCIDENT, SCREENSHOTS, shootAtWidths, storageState } from "./fixtures";

// The responder's day, reading: the charts in a window that fits (hourly in
// the first 72 h) with milestone labels apart, a newcomer's own reset in them,
// headline numbers that do not mislead, and a regulator report that agrees
// with itself, names the controller and its contact point, prints only what
// its author chose, one line per bulk action, with "Page x of y".

const INCIDENT = `/incidents/${DEMO_INCIDENT}`;
const REMEDIATION = `${INCIDENT}/remediation`;
const REPORT = `${INCIDENT}/report`;

const count = (text: string) => Number(text.replace(/\D/g, ""));

/** A bucket's width from its table's first column header: "3 hours from (UTC)", "day from (UTC)". */
function bucketMs(header: string): number {
  const match = /^(\d+ )?(hour|day|week)s? from/i.exec(header);
  if (!match) throw new Error(`no bucket width in the column header "${header}"`);
  const unit = { hour: 3_600_000, day: 86_400_000, week: 604_800_000 }[match[2]!.toLowerCase() as "hour" | "day" | "week"];
  return Number(match[1] ?? 1) * unit;
}

/**
 * Laid out at a phone's content width (390 px less the page's padding),
 * nothing inside `element` is wider than the element: it works at 390 px
 * whatever the app shell around it does.
 */
async function fitsPhoneWidth(element: Locator): Promise<boolean> {
  return element.evaluate((el) => {
    const box = el as HTMLElement;
    const before = box.style.cssText;
    box.style.width = "358px";
    box.style.maxWidth = "358px";
    const fits = box.scrollWidth <= box.clientWidth + 1;
    box.style.cssText = before;
    return fits;
  });
}

async function seriousViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ rule: v.id, targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) }));
}

test.describe("reading the charts, as a manager", () => {
  test.use({ storageState: storageState("manager") });

  test("opens on the active window, offers 24 h, 72 h, 7 days and all, with milestone labels apart", async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(REMEDIATION);
    const picker = page.getByRole("navigation", { name: "Time window of the charts" });
    await expect(picker.getByRole("link")).toHaveText([/^First 24 h/, /^First 72 h/, /^First 7 days/, /^All/]);
    // Exactly one window is shown, and it is the one the bare address opens.
    const current = picker.locator("[aria-current=true]");
    await expect(current).toHaveCount(1);
    expect(await current.getAttribute("href")).toBe(REMEDIATION);

    await picker.getByRole("link", { name: "First 72 h" }).click();
    await expect(page).toHaveURL(new RegExp(`${REMEDIATION}\\?range=72h$`));
    await expect(picker.getByRole("link", { name: "First 72 h" })).toHaveAttribute("aria-current", "true");
    // Hourly through the first 72 hours.
    await expect(page.locator("#chart-actions")).toContainText("Actions per hour");
    const burndown = page.locator("#chart-burndown");
    // T0 and the containment 28 minutes later share one label; no two labels overlap.
    // Recharts draws the lines' labels in a layer of their own: the numbers among the chart's labels.
    const labels = burndown.locator("text.recharts-label").filter({ hasText: /^\d+(–\d+)?$/ });
    await expect(labels.first()).toBeVisible();
    const boxes = [];
    for (const label of await labels.all()) boxes.push((await label.boundingBox())!);
    expect(boxes.length).toBeGreaterThan(0);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i]!, boxes[j]!];
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart, `milestone labels ${i + 1} and ${j + 1} overlap`).toBe(true);
      }
    await expect(labels.first()).toHaveText(/^1(–\d)?$/);
    await shootAtWidths(page, "day-read-remediation-72h");

    await picker.getByRole("link", { name: "All" }).click();
    // "All" is the bare address once the incident's activity passes its first
    // 7 days (T0 + 168 h, which a run crossing 09:12 UTC reaches).
    await expect(page).toHaveURL(new RegExp(`${REMEDIATION}(\\?range=all)?$`));
    await expect(picker.getByRole("link", { name: "All" })).toHaveAttribute("aria-current", "true");

    // The picker fits a phone's width.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await fitsPhoneWidth(picker)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("headline numbers: median per tier in sensible units, releases as events, expected states not red", async ({
    page,
  }) => {
    await page.goto(REMEDIATION);
    const median = page.locator('[data-headline="median"]');
    await expect(median).toContainText("Median time to first action, critical");
    await expect(median.locator("[data-value]")).toHaveText(/^\d+(\.\d)? (min|hours|days)$/);
    await expect(median).toContainText(/high \d+(\.\d)? (min|hours|days|months|years) · medium .+ · low /);
    // The demo's support agent released twelve holds after phone checks: events stay counted.
    const releases = page.locator('[data-headline="holds-released"]');
    await expect(releases).toContainText("Hold releases");
    expect(count(await releases.locator("[data-value]").innerText())).toBeGreaterThanOrEqual(12);
    await expect(releases).toContainText(/\d+ still released · \d+ expired/);
    // Medium and low accounts without action are what the policy expects: their own, quiet colour.
    const tiers = page.locator("#chart-status-by-tier");
    await expect(tiers).toContainText("No action, as the policy expects");
    await expect(tiers.locator(".recharts-legend-item").filter({ hasText: "No action yet" })).toHaveCount(1);
  });
});

test.describe("a newcomer's first action, as a support agent", () => {
  test.use({ storageState: storageState("support_agent") });

  test("a reset just forced appears in the charts' default window", async ({ page }) => {
    test.setTimeout(120_000);
    // Low risk, medium balance, nothing done: accounts no other spec acts on; the third, to stay clear of any first row.
    await page.goto(`${INCIDENT}/accounts?tier=low&balance=medium&action=none&matched=yes`);
    const row = page.getByRole("table", { name: /Exposed addresses/ }).locator("tbody tr").nth(2);
    await row.locator("td[data-testid='customer-email'] a").click();
    await expect(page).toHaveURL(new RegExp(`${INCIDENT}/accounts/[^/?]+$`));
    const remediation = page
      .locator("section")
      .filter({ has: page.getByRole("heading", { name: "Remediation", exact: true }) });
    const buttons = remediation.getByRole("group", { name: "Actions on this account" });
    await buttons.getByRole("button", { name: "Force password reset…" }).click();
    const form = remediation.getByRole("form", { name: /^Force password reset of / });
    const before = Date.now();
    await form.getByRole("button", { name: /^Force password reset of .+ \(/ }).click();
    await expect(form.getByText(/^Password reset forced/)).toBeVisible();
    const after = Date.now();

    // The bucket the reset fell in, in the window the page opens on. Buckets
    // start at T0's time of day, so near midnight the reset's bucket is dated
    // the day before: find it by its start and width, not by today's date.
    await expect
      .poll(
        async () => {
          await page.goto(REMEDIATION);
          const chart = page.locator("#chart-actions");
          await chart.getByRole("button", { name: /^Show as table: Actions per/ }).click();
          const table = chart.getByRole("table", { name: /^Actions per/ });
          const width = bucketMs(await table.getByRole("columnheader").first().innerText());
          let resets = 0;
          // Each row's header is its bucket's start; resets forced are its first cell.
          for (const r of await table.locator("tbody tr").all()) {
            const start = Date.parse((await r.getByRole("rowheader").innerText()).replace(",", ""));
            if (start <= after && before < start + width)
              resets += count((await r.getByRole("cell").first().innerText()) || "0");
          }
          return resets;
        },
        { timeout: 60_000, intervals: [1_000, 2_000, 5_000] },
      )
      .toBeGreaterThanOrEqual(1);
  });
});

test.describe("the regulator report, as a security analyst", () => {
  test.use({ storageState: storageState("security_analyst") });

  test("names the controller and contact point, agrees with itself, prints what the author chose, page x of y", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.goto(REPORT);
    const report = page.getByRole("article", { name: "Incident report" });
    const contacts = report.locator('dl[aria-label="Controller and contact point"]');
    await expect(contacts).toContainText("Controller");

    // The controller and DPO, set for this incident.
    const suffix = Date.now().toString(36);
    await page.getByText("Edit the controller and contact point").click();
    const form = page.getByRole("form", { name: "Edit the controller and contact point" });
    await form.getByLabel("Controller", { exact: true }).fill(`Example Exchange Ltd ${suffix}`);
    await form.getByLabel("Controller's address").fill("1 Example Street, London");
    await form.getByLabel("Data protection officer or contact point").fill("Data Protection Officer");
    await form.getByLabel("Contact details").fill("dpo@exchange.example, +44 20 7946 0000");
    await form.getByRole("button", { name: "Save contacts" }).click();
    await expect(form.getByText("Contacts saved.")).toBeVisible();
    await expect(contacts).toContainText(`Example Exchange Ltd ${suffix}`);
    await expect(contacts).toContainText("dpo@exchange.example");

    // §1 and §5 say customers were notified (a milestone): the notices section agrees (it
    // lists campaigns instead once one was sent from Breachdesk, as the notices spec does).
    await expect(report).not.toContainText("No customer has been notified");
    const none = report.getByTestId("report-notices-none");
    if (await none.count()) await expect(none).toContainText(/^Customers were notified on .+ outside Breachdesk/);

    // The timeline: one line per bulk action, no internal ids, no rejected draft.
    const events = report.getByTestId("report-event");
    const resets = events.filter({ hasText: /Bulk forced password reset for [\d,]+ accounts/ });
    await expect(resets.first()).toBeVisible();
    await expect(resets.first()).toContainText(/requested .+ by .+ · approved \d\d:\d\d by .+ · finished \d\d:\d\d/);
    await expect(resets.first()).not.toContainText("Breachdesk (run by");
    expect(await report.innerText()).not.toMatch(/Bulk action [0-9a-f-]{36}/);
    await expect(events.filter({ hasText: /· rejected / })).toHaveCount(0);
    await expect(report.getByRole("row", { name: /banking partner/ })).toContainText("Overdue");

    // The author leaves out the remediation log and the contractual obligation.
    await page.getByText("Choose what the report includes").click();
    const choices = page.getByRole("form", { name: "Choose what the report includes" });
    await choices.getByLabel("Remediation", { exact: true }).uncheck();
    await choices.getByLabel(/banking partner/).check();
    await choices.getByLabel("Also list requests that were rejected or expired unapproved").check();
    await choices.getByRole("button", { name: "Apply to the report" }).click();
    await expect(page).toHaveURL(/choose=1/);
    await expect(report.getByRole("row", { name: /banking partner/ })).toHaveCount(0);
    await expect(report.getByRole("row", { name: /GDPR Art\. 33/ })).toBeVisible();
    await expect(events.filter({ hasText: /Bulk .+ for [\d,]+ accounts/ })).toHaveCount(0);
    // The demo's rejected notice draft, asked for, is one line: requested, then rejected.
    await expect(events.filter({ hasText: /· rejected / }).first()).toContainText("Customer notice for");
    await expect(events.filter({ hasText: "Bulk mailer job disabled" })).toBeVisible();

    // "Page x of y" in the printed page's margin, from the print layout itself.
    const pageCss = await page.evaluate(() =>
      [...document.querySelectorAll("style")].map((s) => s.textContent ?? "").join("\n"),
    );
    expect(pageCss).toContain('@bottom-right { content: "Page " counter(page) " of " counter(pages)');
    // Kept for people (and pdftotext) to read the page numbers back.
    const pdf = await page.pdf({ path: `${SCREENSHOTS}/day-read-report.pdf`, preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");

    await shootAtWidths(page, "day-read-report");
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await fitsPhoneWidth(choices)).toBe(true);
    expect(await fitsPhoneWidth(contacts)).toBe(true);
    // On a phone each timeline row is a card: its cells' parts (a time and its
    // category, a title and its details) stay beside the column's name.
    await expect(events.first().locator("td[data-label]").first()).toBeAttached();
    const misplaced = await events.evaluateAll((rows) =>
      rows.flatMap((row) =>
        [...row.querySelectorAll("td[data-label]")].flatMap((cell) => {
          const box = cell.getBoundingClientRect();
          return [...cell.children]
            .filter((part) => part.getBoundingClientRect().left < box.left + box.width * 0.3)
            .map((part) => part.textContent?.slice(0, 40));
        }),
      ),
    );
    expect(misplaced).toEqual([]);
    // The title takes the width instead of breaking inside its words beside the mark.
    expect((await report.getByRole("heading", { level: 1 }).boundingBox())!.width).toBeGreaterThan(250);
    expect(await seriousViolations(page)).toEqual([]);
  });
});

test.describe("the report, as a manager", () => {
  test.use({ storageState: storageState("manager") });

  test("chooses what to print but cannot edit the controller and contact point", async ({ page }) => {
    await page.goto(REPORT);
    await expect(page.getByText("Choose what the report includes")).toBeVisible();
    await expect(page.getByText("Edit the controller and contact point")).toHaveCount(0);
  });
});
