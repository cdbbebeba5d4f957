import { expect, test } from "@playwright/test";
import { storageState } from "./fixtures";

test.use({ storageState: storageState("admin") });

test("an admin adds a staff user and changes their role", async ({ page }) => {
  await page.goto("/admin/staff");
  await expect(page.getByRole("heading", { name: "Staff", exact: true })).toBeVisible();
  const email = `new-agent-${Date.now()}@breachdesk.test`;

  await page.getByLabel("Name").fill("New Agent");
  await page.getByLabel("Work e-mail").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption("support_agent");
  await page.getByLabel("Initial password").fill("short");
  await page.getByRole("button", { name: "Add staff user" }).click();
  await expect(page.getByText("Use at least 12 characters.")).toBeVisible();

  await page.getByLabel("Initial password").fill("a-long-enough-password");
  await page.getByRole("button", { name: "Add staff user" }).click();
  await expect(page.getByText(`Created ${email}.`)).toBeVisible();

  const row = page.getByRole("row").filter({ hasText: email });
  await row.getByLabel(`Role of ${email}`).selectOption("manager");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.getByText(`${email} is now Manager.`)).toBeVisible();
  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: email }).getByLabel(`Role of ${email}`)).toHaveValue("manager");
});

test("the last admin cannot demote themselves", async ({ page }) => {
  await page.goto("/admin/staff");
  const row = page.getByRole("row").filter({ hasText: "admin@breachdesk.test" });
  await row.getByLabel("Role of admin@breachdesk.test").selectOption("manager");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.getByText("This is the last active admin: make another admin first.")).toBeVisible();
});
