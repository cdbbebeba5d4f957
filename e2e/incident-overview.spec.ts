import { expect, test } from "@playwright/test";
import { DEMO_INCIDENT, SCREENSHOTS, storageState } from "./fixtures";

test.use({ storageState: storageState("security_analyst") });

test("the incident overview shows the demo incident's key numbers from the database", async ({ page }) => {
  await page.goto("/incidents");
  await page.getByRole("link", { name: "Indices update e-mail exposed customer addresses" }).click();
  await expect(page).toHaveURL(new RegExp(`/incidents/${DEMO_INCIDENT}$`));

  const numbers = page.getByRole("list", { name: "Key numbers" }).or(page.locator("dl[aria-label='Key numbers']"));
  await expect(numbers.getByText("Leaked recipients")).toBeVisible();
  await expect(numbers.getByText("23,000", { exact: true })).toBeVisible();
  await expect(numbers.getByText("Matched accounts")).toBeVisible();

  await expect(page.getByRole("img", { name: /Recipients per message for 23 messages/ })).toBeVisible();
  await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByText("Customers report seeing other customers' addresses")).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/incident-overview.png`, fullPage: true });
});
