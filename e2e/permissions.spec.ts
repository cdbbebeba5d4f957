import { expect, test } from "@playwright/test";
import { DEMO_INCIDENT, storageState } from "./fixtures";

test.describe("as a manager", () => {
  test.use({ storageState: storageState("manager") });

  test("the staff admin page is refused on the server", async ({ page }) => {
    const response = await page.goto("/admin/staff");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "Your role cannot open this page" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Staff" })).toHaveCount(0);
  });

  test("the staff API is refused", async ({ page }) => {
    const response = await page.request.get("/api/v1/staff");
    expect(response.status()).toBe(403);
    expect((await response.json()).error.code).toBe("FORBIDDEN");
  });

  test("customer e-mail addresses are masked", async ({ page }) => {
    await page.goto(`/incidents/${DEMO_INCIDENT}`);
    const cells = page.getByTestId("customer-email");
    await expect(cells.first()).toBeVisible();
    for (const text of await cells.allTextContents()) expect(text).toMatch(/^.\*\*\*@[^*]+$/);
  });
});

test.describe("as a security analyst", () => {
  test.use({ storageState: storageState("security_analyst") });

  test("customer e-mail addresses are shown in full", async ({ page }) => {
    await page.goto(`/incidents/${DEMO_INCIDENT}`);
    const cells = page.getByTestId("customer-email");
    await expect(cells.first()).toBeVisible();
    for (const text of await cells.allTextContents()) expect(text).not.toContain("***");
  });

  test("cannot manage staff", async ({ page }) => {
    const response = await page.goto("/admin/staff");
    expect(response?.status()).toBe(403);
  });
});

test.describe("as a support agent", () => {
  test.use({ storageState: storageState("support_agent") });

  test("the incident list API answers", async ({ page }) => {
    const response = await page.request.get("/api/v1/incidents");
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.incidents.map((i: { slug: string }) => i.slug)).toContain(DEMO_INCIDENT);
  });
});
