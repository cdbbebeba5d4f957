import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DEMO_INCIDENT, SCREENSHOTS, storageState } from "./fixtures";

// API tokens: an admin creates a token that acts as a manager,
// sees it once, uses it over HTTP (same permissions as a manager's session),
// and revokes it.

test.use({ storageState: storageState("admin") });

test("an admin creates a manager token, the API honours its role, and revoking it ends it at once", async ({ page, playwright, baseURL }) => {
  await page.goto("/admin/api-tokens");
  const form = page.getByRole("form", { name: "Create an API token" });
  const name = `Board dashboard ${Date.now()}`;
  await form.getByLabel("Name (the system that will use it)").fill(name);
  await form.getByLabel("Acts as").selectOption("manager");
  await form.getByLabel("Incident").selectOption(DEMO_INCIDENT);
  await form.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-role-token").innerText()).trim();
  expect(token).toMatch(/^bd_[A-Za-z0-9_-]{43}$/);

  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, "api-tokens-1440.png"), fullPage: true });

  // A client with the token and no cookies.
  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  const timeline = await api.get(`/api/v1/incidents/${DEMO_INCIDENT}/timeline?limit=5`);
  expect(timeline.status(), await timeline.text()).toBe(200);
  // A manager may not request bulk actions.
  const preview = await api.post(`/api/v1/incidents/${DEMO_INCIDENT}/bulk-actions/preview`, { data: { kind: "reset", filter: "" } });
  expect(preview.status()).toBe(403);
  // Bound to the demo incident: the incident list is about every incident.
  expect((await api.get("/api/v1/incidents")).status()).toBe(403);

  const row = page.getByTestId("role-tokens").locator("tr", { hasText: name });
  await page.reload();
  await expect(row).toContainText("Manager");
  await row.getByRole("button", { name: /Revoke/ }).click();
  await expect(row).toContainText("revoked");
  const after = await api.get(`/api/v1/incidents/${DEMO_INCIDENT}/timeline?limit=5`);
  expect(after.status()).toBe(401);
  await api.dispose();
});
