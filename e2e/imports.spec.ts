import { expect, test } from "@playwright/test";
import { SCREENSHOTS, storageState } from "./fixtures";

test.use({ storageState: storageState("security_analyst") });

// A list big enough that its progress is visible: 60,000 rows in 60 batches.
function recipientList(rows: number): Buffer {
  const lines = ["email,batch"];
  for (let i = 0; i < rows; i++) lines.push(`person${i}@upload-test.example,${Math.floor(i / 1000)}`);
  lines.push("not-an-address,1", "", `"Doe, Jane" <Jane.Doe+news@Gmail.com>,1`);
  return Buffer.from(lines.join("\r\n"));
}

test("an analyst creates an incident, imports the directory and a leaked list with progress, then triages", async ({ page }) => {
  const slug = `upload-${Date.now()}`;
  await page.goto("/incidents");
  await page.getByLabel("Title").fill("Uploaded list test");
  await page.getByLabel("Id (for URLs and the CLI)").fill(slug);
  await page.getByRole("button", { name: "Create incident" }).click();
  await expect(page.getByLabel("Became aware (T0), UTC")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Became aware (T0), UTC").fill("2024-03-01T09:00");
  await page.getByRole("button", { name: "Create incident" }).click();
  await expect(page).toHaveURL(new RegExp(`/incidents/${slug}/imports$`));

  // The customer directory: two accounts, one without 2FA and with a balance.
  await page.getByLabel("The file holds").selectOption("accounts");
  await page.getByLabel("File", { exact: true }).setInputFiles({
    name: `directory-${slug}.csv`,
    mimeType: "text/csv",
    buffer: Buffer.from("account_id,email,2fa,balance,country\nU-1,janedoe@gmail.com,no,25000,GB\nU-2,person7@upload-test.example,yes,10,DE\n"),
  });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Import finished" })).toBeVisible();

  // The leaked list: progress shows while it streams, then the counts.
  await page.getByLabel("The file holds").selectOption("recipients");
  await page.getByLabel("File", { exact: true }).setInputFiles({ name: "leaked.csv", mimeType: "text/csv", buffer: recipientList(60_000) });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByRole("progressbar", { name: "Import progress" })).toBeVisible();
  const result = page.getByRole("status").filter({ hasText: "Import finished" });
  await expect(result).toBeVisible({ timeout: 60_000 });
  await expect(result.getByText("60,001", { exact: true })).toBeVisible(); // imported
  await expect(result.getByText("Rejected", { exact: true }).locator("..")).toHaveText("Rejected1");
  await expect(result.getByRole("link", { name: "Download the rejected rows (CSV)" })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/imports.png`, fullPage: true });

  // History lists both imports.
  const history = page.getByRole("table", { name: "Imports, newest first" });
  await expect(history.getByRole("row").filter({ hasText: "leaked.csv" })).toContainText("Completed");
  await expect(history.getByRole("row").filter({ hasText: `directory-${slug}.csv` })).toContainText("Customer directory");

  // Triage: the matched account without 2FA and with a balance ranks first.
  await page.getByRole("link", { name: "Exposed accounts" }).click();
  await expect(page).toHaveURL(new RegExp(`/incidents/${slug}/accounts`));
  await page.goto(`/incidents/${slug}/accounts?matched=yes`);
  const rows = page.getByRole("table").first().getByRole("row");
  // The balance and 2FA rules share one chip, naming the thresholds (the Balance column shows the amount).
  await expect(rows.filter({ hasText: "U-1" })).toContainText("no 2FA, balance ≥ $10,000");
  await rows.filter({ hasText: "U-1" }).getByRole("link").first().click();
  // Account pages are named by the exchange's account id, as in tickets and the API.
  await expect(page).toHaveURL(new RegExp(`/incidents/${slug}/accounts/U-1$`));
  await expect(page.getByText("Jane.Doe+news@Gmail.com").first()).toBeVisible();
});

test("a file without an address column is refused with the reason, and nothing is imported", async ({ page }) => {
  await page.goto("/incidents/2019-11-indices-update/imports");
  await page.getByLabel("The file holds").selectOption("recipients");
  await page.getByLabel("File", { exact: true }).setInputFiles({ name: "wrong.csv", mimeType: "text/csv", buffer: Buffer.from("name,phone\nJane,123\n") });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  const alert = page.getByRole("alert").filter({ hasText: "The import did not run." });
  await expect(alert).toContainText("No address column: expected one of email, e-mail, email address, recipient, address, to (found: name, phone)");
  await expect(page.getByRole("table", { name: "Imports, newest first" }).getByRole("row").filter({ hasText: "wrong.csv" })).toContainText("Failed");
});
