import { expect, test } from "@playwright/test";
import { DEMO_INCIDENT, SCREENSHOTS, storageState } from "./fixtures";

const REPORT = `/incidents/${DEMO_INCIDENT}/report`;

test.describe("as a manager", () => {
  test.use({ storageState: storageState("manager") });

  test("opens the incident report and prints it", async ({ page }) => {
    // Record the print call instead of opening the browser's dialog.
    await page.addInitScript(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed += 1;
      };
    });
    await page.goto(`/incidents/${DEMO_INCIDENT}`);
    await page.getByRole("navigation", { name: "Incident sections" }).getByRole("link", { name: "Report" }).click();
    await expect(page).toHaveURL(new RegExp(`${REPORT}$`));

    const report = page.getByRole("article", { name: "Incident report" });
    await expect(report.getByText("Personal data breach report")).toBeVisible();
    await expect(
      report.getByRole("heading", { level: 1, name: "Indices update e-mail exposed customer addresses" }),
    ).toBeVisible();
    for (const section of [
      "Key dates and durations",
      "Scale",
      "Article 33(3) summary",
      "Notification obligations",
      "Timeline",
    ]) {
      await expect(report.getByRole("heading", { level: 2, name: section })).toBeVisible();
    }

    const scale = report.getByRole("table", { name: "Counts of exposed, matched and remediated accounts" });
    await expect(scale.getByRole("row", { name: /Recipient entries in the leaked messages/ })).toContainText("23,000");
    await expect(scale.getByRole("row", { name: /matched to customer accounts/ })).toContainText("22,650");
    await expect(report.getByText("GDPR Article 33 notification:")).toBeVisible();
    await expect(report).toContainText("30 h 48 min after T0");
    await expect(report).toContainText("within 72 hours");
    await expect(report.getByRole("row", { name: /Time to detect/ })).toContainText("42 min");
    await expect(report.getByRole("row", { name: /banking partner/ })).toContainText("Overdue");
    await expect(report).toContainText("Approximate number of data subjects");
    await expect(report).toContainText("e-mail addresses");
    await expect(report.getByTestId("report-event").filter({ hasText: "Bulk mailer job disabled" })).toBeVisible();
    // The audit log's head and its HMAC, so the printed report pins the history.
    await expect(report.getByTestId("report-audit-head")).toHaveText(
      /^Audit log head: entry \d+, hash [0-9a-f]{64}, HMAC [0-9a-f]{64}$/,
    );
    // Managers read; they do not edit the summary.
    await expect(page.getByText("Edit the Article 33(3) summary")).toHaveCount(0);

    await page.getByRole("button", { name: "Print / Save as PDF" }).click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

    await page.screenshot({ path: `${SCREENSHOTS}/report-screen.png`, fullPage: true });
    // Print media at roughly A4's printable width (96 dpi), as the PDF will lay it out.
    await page.setViewportSize({ width: 700, height: 990 });
    await page.emulateMedia({ media: "print" });
    await expect(page.getByRole("navigation", { name: "Incident sections" })).toBeHidden();
    await expect(page.getByRole("button", { name: "Print / Save as PDF" })).toBeHidden();
    await expect(page.getByRole("link", { name: "Breachdesk" })).toBeHidden();
    await expect(report).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/report.png`, fullPage: true });
  });
});

test.describe("as a security analyst", () => {
  test.use({ storageState: storageState("security_analyst") });

  test("rewrites the generated Article 33(3) text and the report shows it", async ({ page }) => {
    await page.goto(REPORT);
    await page.getByText("Edit the Article 33(3) summary").click();
    const form = page.getByRole("form", { name: "Edit the Article 33 summary" });
    await expect(form.getByLabel("Approximate number of data subjects")).not.toHaveValue("");
    const consequences = "Targeted phishing of exposed customers; reviewed by the DPO on 8 November.";
    await form.getByLabel("Likely consequences").fill(consequences);
    await form.getByRole("button", { name: "Save summary" }).click();
    await expect(form.getByText("Summary saved.")).toBeVisible();
    await expect(page.getByRole("article", { name: "Incident report" })).toContainText(consequences);
  });
});

test.describe("as a support agent", () => {
  test.use({ storageState: storageState("support_agent") });

  test("cannot open the report", async ({ page }) => {
    await page.goto(`/incidents/${DEMO_INCIDENT}`);
    const tabs = page.getByRole("navigation", { name: "Incident sections" });
    await expect(tabs.getByRole("link", { name: "Timeline" })).toBeVisible();
    await expect(tabs.getByRole("link", { name: "Report" })).toHaveCount(0);
    // The status is 200, not 403: [slug]/loading.tsx starts streaming before the page refuses.
    await page.goto(REPORT);
    await expect(page.getByRole("heading", { name: "Your role cannot open this page" })).toBeVisible();
    await expect(page.getByRole("article", { name: "Incident report" })).toHaveCount(0);
    expect(await page.content()).not.toContain("Article 33(3) summary");
  });
});
