import { expect, test } from "@playwright/test";
import { DEMO_INCIDENT, shootAtWidths, storageState } from "./fixtures";

// The exchange journeys: the app applies actions through the reference
// exchange (started by playwright.config.ts with faults injected: 503s, 429s
// with Retry-After, dropped connections), and hears back from it.

const INCIDENT = `/incidents/${DEMO_INCIDENT}`;
const SIM = `http://127.0.0.1:${process.env.BREACHDESK_E2E_SIM_PORT}`;
// Whale balances at low or medium risk with nothing done: disjoint from the
// accounts the other journeys act on, and under the four-eyes threshold.
const CANDIDATES = [
  "tier=low&balance=whale&action=none&matched=yes",
  "tier=medium&balance=whale&action=none&matched=yes",
  "tier=low&balance=high&action=none&matched=yes&twoFactor=yes",
];

test.describe("against the reference exchange", () => {
  test.use({ storageState: storageState("security_analyst") });

  test("a bulk reset runs through injected faults to every item succeeded; a completion webhook shows on the account", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    // A selection of a few dozen accounts.
    let filter = "";
    let first: string[] = [];
    let eligible = 0;
    let digest = "";
    for (const candidate of CANDIDATES) {
      const answer = await page.request.post(`/api/v1/incidents/${DEMO_INCIDENT}/bulk-actions/preview`, {
        data: { kind: "reset", filter: candidate },
      });
      expect(answer.status(), await answer.text()).toBe(200);
      const { preview } = (await answer.json()) as {
        preview: { eligible: number; first: string[]; needsApproval: boolean; digest: string };
      };
      if (preview.eligible >= 5 && !preview.needsApproval) {
        filter = candidate;
        first = preview.first;
        eligible = preview.eligible;
        digest = preview.digest;
        break;
      }
    }
    expect(filter, "a demo selection of 5 to 99 accounts").not.toBe("");
    // The selection's accounts, listed before the reset takes them out of "action=none".
    const listed = await page.request.get(`/api/v1/incidents/${DEMO_INCIDENT}/accounts?${filter}&size=200`);
    expect(listed.status()).toBe(200);
    const ids = ((await listed.json()) as { accounts: { externalId: string | null }[] }).accounts
      .map((a) => a.externalId)
      .filter((id): id is string => id !== null);
    expect(ids).toEqual(expect.arrayContaining(first));

    const requested = await page.request.post(`/api/v1/incidents/${DEMO_INCIDENT}/bulk-actions`, {
      data: { kind: "reset", filter, reason: "Exposed in the To: field; reset through the exchange", expectedDigest: digest },
      headers: { "Idempotency-Key": `e2e-exchange-${Date.now()}` },
    });
    expect(requested.status(), await requested.text()).toBe(201);
    const { bulkAction } = (await requested.json()) as { bulkAction: { id: string } };

    await page.goto(`${INCIDENT}/bulk-actions/${bulkAction.id}`);
    const bar = page.getByRole("progressbar", { name: /Progress of the/ });
    await expect(bar).toHaveAttribute("aria-valuenow", "100", { timeout: 60_000 });
    await expect(page.getByTestId("bulk-count-succeeded")).toHaveText(String(eligible));
    await expect(page.getByTestId("bulk-count-failed")).toHaveText("0");

    // The exchange's own counts, account by account (other specs run in parallel and reset
    // accounts of their own): every reset of this selection applied once, whatever the faults did.
    let applied = 0;
    for (const id of ids) {
      const account = (await (await page.request.get(`${SIM}/_sim/accounts/${encodeURIComponent(id)}`)).json()) as {
        applied: { password_reset: number } | null;
      };
      expect(account.applied?.password_reset ?? 0, id).toBeLessThanOrEqual(1);
      applied += account.applied?.password_reset ?? 0;
    }
    expect(applied).toBe(eligible);

    // The customer of the first account sets a new password; the exchange says so.
    const externalId = first[0]!;
    const completed = await page.request.post(`${SIM}/_sim/complete-resets`, { data: { accountIds: [externalId] } });
    const delivery = (await completed.json()) as { completed: string[]; deliveries: { status: number; body: string }[] };
    expect(delivery.completed).toEqual([externalId]);
    expect(delivery.deliveries.map((d) => d.status)).toEqual([200]);
    expect(JSON.parse(delivery.deliveries[0]!.body)).toMatchObject({ received: 1, applied: 1 });

    await page.getByRole("link", { name: externalId, exact: true }).click();
    await expect(page.getByRole("heading", { level: 2 }).first()).toContainText(externalId);
    const remediation = page.locator("section").filter({ has: page.getByRole("heading", { name: "Remediation", exact: true }) });
    await expect(remediation.getByRole("definition").first()).toHaveText("Reset completed by customer");
  });
});

test.describe("as an admin", () => {
  test.use({ storageState: storageState("admin") });

  test("sees the exchange's settings and webhook deliveries, including a refused one with why", async ({ page }) => {
    // A delivery signed with the wrong secret: refused, and shown with the reason.
    const refused = await page.request.post(`${SIM}/_sim/webhooks`, {
      data: {
        mode: "bad-signature",
        events: [{ id: `e2e-refused-${Date.now()}`, type: "password_reset.completed", accountId: "nobody", occurredAt: new Date().toISOString() }],
      },
    });
    expect(((await refused.json()) as { deliveries: { status: number }[] }).deliveries[0]!.status).toBe(401);
    // Unsigned posts from one address (named through the trusted proxy header): counted, not listed.
    const scanner = "198.51.100.99";
    for (let i = 0; i < 3; i++) {
      const unsigned = await page.request.post("/api/v1/webhooks/exchange", {
        data: { events: [] },
        headers: { "x-forwarded-for": scanner },
      });
      expect(unsigned.status()).toBe(401);
    }

    // A release for an account Breachdesk holds nothing on: accepted, changes nothing, listed as an anomaly.
    const listed = await page.request.get(`/api/v1/incidents/${DEMO_INCIDENT}/accounts?tier=low&action=none&matched=yes&size=50`);
    expect(listed.status()).toBe(200);
    const unheld = ((await listed.json()) as { accounts: { externalId: string | null }[] }).accounts
      .map((a) => a.externalId)
      .filter((id): id is string => id !== null)
      .at(-1)!;
    const release = await page.request.post(`${SIM}/_sim/webhooks`, {
      data: {
        events: [{ id: `e2e-no-hold-${Date.now()}`, type: "withdrawal_hold.released", accountId: unheld, occurredAt: new Date().toISOString() }],
      },
    });
    const releaseAnswer = ((await release.json()) as { deliveries: { status: number; body: string }[] }).deliveries[0]!;
    expect(releaseAnswer.status).toBe(200);
    expect(JSON.parse(releaseAnswer.body)).toMatchObject({ received: 1, applied: 0 });

    await page.goto("/admin/exchange");
    await expect(page.getByRole("heading", { name: "Exchange", level: 1 })).toBeVisible();
    const anomaly = page.getByTestId("webhook-anomalies").getByRole("row").filter({ hasText: unheld });
    await expect(anomaly).toContainText("withdrawal_hold.released");
    await expect(anomaly).toContainText("no hold recorded");
    await expect(page.getByTestId("provider-kind")).toHaveText("The exchange over HTTP");
    await expect(page.getByTestId("refused-deliveries")).toContainText("bad_signature: The signature does not match any active secret.");
    await expect(page.getByTestId("refused-deliveries")).not.toContainText(scanner);
    const counted = page.getByTestId("unsigned-refusals").getByRole("row").filter({ hasText: scanner });
    await expect(counted.getByRole("cell")).toHaveText([scanner, "missing signature", "3", /UTC$/]);
    await shootAtWidths(page, "exchange-admin");
  });
});
