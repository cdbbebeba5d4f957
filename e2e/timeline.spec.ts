import { expect, test } from "@playwright/test";
import { DEMO_INCIDENT, SCREENSHOTS, storageState } from "./fixtures";

const TIMELINE = `/incidents/${DEMO_INCIDENT}/timeline`;

test.describe("as a manager", () => {
  test.use({ storageState: storageState("manager") });

  test("opens the timeline, sees the 72-hour clock and filters by category", async ({ page }) => {
    await page.goto(`/incidents/${DEMO_INCIDENT}`);
    await page.getByRole("navigation", { name: "Incident sections" }).getByRole("link", { name: "Timeline" }).click();
    await expect(page).toHaveURL(new RegExp(`${TIMELINE}$`));
    await expect(page.getByRole("heading", { name: "Timeline", exact: true })).toBeVisible();

    // The compact clock in the header and the full one beside the timeline: the demo
    // incident notified the regulator 30 h 48 min after T0.
    const clocks = page.getByRole("timer", { name: "GDPR Article 33 clock" });
    await expect(clocks).toHaveCount(2);
    await expect(clocks.first()).toHaveAttribute("data-status", "met");
    await expect(clocks.nth(1)).toContainText("Regulator notified after");
    await expect(clocks.nth(1)).toContainText("30 h 48 min");
    await expect(page.getByText("Time to notify the regulator (from T0)")).toBeVisible();

    const obligations = page.getByRole("list", { name: "Notification obligations" });
    await expect(obligations.getByTestId("obligation").filter({ hasText: "banking partner" })).toContainText("Overdue");
    await expect(obligations.getByTestId("obligation").filter({ hasText: "GDPR Art. 33" })).toContainText("Met");

    const events = page.getByTestId("timeline-event");
    await expect(events.filter({ hasText: "Customers report seeing other customers' addresses" })).toBeVisible();
    await expect(events.first()).toContainText("UTC");
    // Read-only: no forms for managers.
    await expect(page.getByText("Add an event")).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Edit/ })).toHaveCount(0);
    await page.screenshot({ path: `${SCREENSHOTS}/timeline.png`, fullPage: true });

    const filter = page.getByRole("navigation", { name: "Filter by category" });
    await filter.getByRole("link", { name: "Containment" }).click();
    await expect(page).toHaveURL(/category=containment/);
    await expect(events).toHaveCount(1);
    await expect(events.first()).toContainText("Bulk mailer job disabled");

    await filter.getByRole("link", { name: "Communication" }).click();
    await expect(page).toHaveURL(/category=containment&category=communication/);
    await expect(events.filter({ hasText: "Breach notified to the supervisory authority" })).toBeVisible();
    await expect(events.filter({ hasText: "Forced password resets" })).toHaveCount(0);

    // The filter is in the URL: a shared link opens the same view.
    await page.goto(`${TIMELINE}?category=remediation`);
    await expect(events.filter({ hasText: "Forced password resets begun" })).toBeVisible();
    await expect(events.filter({ hasText: "Bulk mailer job disabled" })).toHaveCount(0);

    await filter.getByRole("link", { name: "All" }).click();
    await expect(events.filter({ hasText: "Bulk mailer job disabled" })).toBeVisible();
  });

  test("downloads the timeline as formula-safe CSV", async ({ page }) => {
    const response = await page.request.get(`/api/v1/incidents/${DEMO_INCIDENT}/timeline/export`);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("text/csv");
    const csv = await response.text();
    expect(csv.split("\r\n")[0]).toMatch(/^event_id,occurred_at_utc,time_zone,occurred_at_local,category/);
    expect(csv).toContain("Bulk mailer job disabled");
  });
});

test.describe("as a security analyst", () => {
  test.use({ storageState: storageState("security_analyst") });

  test("adds an event, corrects it, and the history shows both versions", async ({ page }) => {
    const title = `Phishing takedown requested ${Date.now()}`;
    await page.goto(TIMELINE);
    await page.getByText("Add an event").click();
    const form = page.getByRole("form", { name: "Add a timeline event" });
    await form.getByLabel("Happened at").fill("2019-11-07T14:05");
    await form.getByLabel("Time zone").fill("Europe/London");
    await form.getByLabel("Category").selectOption("remediation");
    await form.getByLabel("What happened").fill(title);
    await form.getByLabel("Details").fill("Reported the look-alike domain to the registrar.");
    await form.getByLabel("Evidence links").fill("javascript:alert(1)");
    await form.getByRole("button", { name: "Add event" }).click();
    await expect(form.getByText("Evidence links must be http(s) URLs.")).toBeVisible();

    await form.getByLabel("Evidence links").fill("https://tickets.example.com/SEC-4411");
    await form.getByRole("button", { name: "Add event" }).click();
    await expect(form.getByText("Event added.")).toBeVisible();

    const event = page.getByTestId("timeline-event").filter({ hasText: title });
    await expect(event).toContainText("7 Nov 2019, 14:05 UTC");
    await expect(event.getByRole("link", { name: "https://tickets.example.com/SEC-4411" })).toBeVisible();

    await event.getByRole("button", { name: /^Edit/ }).click();
    const edit = page.getByRole("form", { name: `Edit “${title}”` });
    await edit.getByLabel("What happened").fill(`${title} (confirmed)`);
    await edit.getByLabel("Happened at").fill("2019-11-07T14:20");
    await edit.getByRole("button", { name: "Save as new version" }).click();
    await expect(edit.getByText("Say why you are changing the event.")).toBeVisible();
    await edit.getByLabel("Reason for the change").fill("Registrar confirmed; time from their receipt");
    await edit.getByRole("button", { name: "Save as new version" }).click();

    const edited = page.getByTestId("timeline-event").filter({ hasText: `${title} (confirmed)` });
    await expect(edited).toContainText("7 Nov 2019, 14:20 UTC");
    await expect(edited).toContainText("(version 2)");
    await edited.getByText("History (2 versions)").click();
    const versions = edited.getByTestId("event-version");
    await expect(versions).toHaveCount(2);
    await expect(versions.nth(0)).toContainText(`${title} (confirmed)`);
    await expect(versions.nth(0)).toContainText("Reason: Registrar confirmed; time from their receipt");
    await expect(versions.nth(1)).toContainText("Version 1");
    await expect(versions.nth(1)).toContainText(title);
    await expect(versions.nth(1)).toContainText("7 Nov 2019, 14:05 UTC");
  });

  test("retracts an event: it stays visible, marked retracted with the reason", async ({ page }) => {
    const title = `Duplicate entry ${Date.now()}`;
    await page.goto(TIMELINE);
    await page.getByText("Add an event").click();
    const form = page.getByRole("form", { name: "Add a timeline event" });
    await form.getByLabel("Happened at").fill("2019-11-09T09:00");
    await form.getByLabel("Time zone").fill("UTC");
    await form.getByLabel("Category").selectOption("external");
    await form.getByLabel("What happened").fill(title);
    await form.getByRole("button", { name: "Add event" }).click();
    const event = page.getByTestId("timeline-event").filter({ hasText: title });
    await event.getByRole("button", { name: /^Retract/ }).click();
    await page
      .getByRole("form", { name: `Retract “${title}”` })
      .getByLabel("Why retract it?")
      .fill("Recorded twice");
    await page.getByRole("button", { name: "Retract event" }).click();
    await expect(event).toContainText("Retracted");
    await expect(event).toContainText(": Recorded twice");
    await expect(event.getByRole("button", { name: /^Edit/ })).toHaveCount(0);
  });
});

test.describe("as an admin", () => {
  test.use({ storageState: storageState("admin") });

  test("creates an API token that an external system posts events with", async ({ page, playwright }) => {
    const name = `SIEM ${Date.now()}`;
    await page.goto(TIMELINE);
    await page.getByLabel("Name (the system that will use it)").fill(name);
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByTestId("new-api-token").textContent())?.trim() ?? "";
    expect(token).toMatch(/^bd_/);

    // A client with no session at all: only the token.
    const api = await playwright.request.newContext({ baseURL: page.url().replace(/\/incidents.*$/, "") });
    const url = `/api/v1/incidents/${DEMO_INCIDENT}/timeline`;
    const body = { occurredAt: "2019-11-07T11:45:00Z", category: "detection", title: `${name}: credential stuffing` };
    expect((await api.post(url, { data: body })).status()).toBe(401);
    expect((await api.post(url, { data: body, headers: { Authorization: "Bearer bd_wrong" } })).status()).toBe(401);
    const bad = await api.post(url, {
      data: { ...body, category: "gossip" },
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(bad.status()).toBe(422);
    expect((await bad.json()).error.fields.category).toBeTruthy();

    const headers = { Authorization: `Bearer ${token}`, "Idempotency-Key": `${name}-1` };
    const created = await api.post(url, { data: body, headers });
    expect(created.status()).toBe(201);
    const retried = await api.post(url, { data: body, headers });
    expect(retried.status()).toBe(200);
    expect((await retried.json()).event.id).toBe((await created.json()).event.id);
    await api.dispose();

    await page.reload();
    const events = page.getByTestId("timeline-event").filter({ hasText: `${name}: credential stuffing` });
    await expect(events).toHaveCount(1);
    await expect(events).toContainText(`by API: ${name}`);
    await expect(events).toContainText("Via API");
  });
});
