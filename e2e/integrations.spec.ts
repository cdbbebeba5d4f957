import { expect, test } from "@playwright/test";
import { startEventReceiver, type EventReceiver } from "../test/event-receiver";
import path from "node:path";
import { DEMO_INCIDENT, DEMO_USERS, SCREENSHOTS, signIn, storageState, withPreviewDigest } from "./fixtures";

// Where responders already are: an admin sends the demo incident's approval
// events to a Slack channel (a Slack-format receiver started here, on a free
// port of 127.0.0.1, which the e2e server allows); an analyst's bulk hold over
// the four-eyes threshold reaches it with an Approve link that opens the
// request; the approval's own event follows. The destination is removed at
// the end, so other specs' requests tell nobody.

// Medium risk, no balance, in Great Britain, untouched: no other spec acts on
// these, and there are more than the four-eyes threshold of them.
const FILTER = "tier=medium&balance=zero&action=none&matched=yes&country=GB";

type SlackMessage = { text: string; blocks: { type: string; elements?: { text: { text: string }; url: string }[] }[] };

function slackMessages(receiver: EventReceiver, bulkId: string): SlackMessage[] {
  return receiver
    .received("/slack")
    .map((r) => r.json as SlackMessage)
    .filter((m) => JSON.stringify(m).includes(bulkId));
}

test.describe("outgoing events", () => {
  test.use({ storageState: storageState("admin") });

  test("a Slack destination hears of a bulk hold waiting for approval, links to it, and hears of the approval", async ({
    page,
    browser,
  }) => {
    test.setTimeout(180_000);
    const receiver = await startEventReceiver();
    const name = `Incident room ${Date.now()}`;
    try {
      await page.goto("/admin/integrations");
      const form = page.getByRole("form", { name: "Add a destination" });
      await form.getByLabel("Name").fill(name);
      await form.getByLabel("Kind").selectOption("slack");
      await form.getByLabel("Webhook URL").fill(receiver.url("/slack"));
      await form.getByLabel("Incident").selectOption({ label: DEMO_INCIDENT });
      await form.getByLabel("Approval requested").check();
      await form.getByLabel("Request approved").check();
      await form.getByRole("button", { name: "Add destination" }).click();
      await expect(form.getByText(`Destination "${name}" added.`)).toBeVisible();
      const row = page.getByTestId("event-destinations").getByRole("row", { name: new RegExp(name) });
      // The URL is shown by host only: a Slack webhook URL is a credential.
      await expect(row).toContainText(new URL(receiver.url("/")).host);
      await expect(row).not.toContainText("/slack");
      // For people to look at: the page at a desk and on a phone.
      for (const size of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
        await page.setViewportSize(size);
        await page.screenshot({ path: path.join(SCREENSHOTS, `integrations-${size.width}.png`), fullPage: true });
      }
      await page.setViewportSize({ width: 1440, height: 900 });

      const analyst = await browser.newContext({ storageState: storageState("security_analyst") });
      const requested = await analyst.request.post(`/api/v1/incidents/${DEMO_INCIDENT}/bulk-actions`, {
        data: await withPreviewDigest(analyst.request, {
          kind: "hold",
          filter: FILTER,
          holdHours: 24,
          reason: "Medium risk, empty British accounts: hold for a day (integrations e2e)",
        }),
      });
      expect(requested.status()).toBe(201);
      const { bulkAction } = (await requested.json()) as { bulkAction: { id: string; total: number; needsApproval: boolean } };
      await analyst.close();
      expect(bulkAction.needsApproval).toBe(true);

      await expect.poll(() => slackMessages(receiver, bulkAction.id).length, { timeout: 30_000 }).toBeGreaterThan(0);
      const [request] = slackMessages(receiver, bulkAction.id);
      expect(request!.text).toMatch(/^Approval requested/);
      const button = request!.blocks.find((b) => b.type === "actions")!.elements![0]!;
      expect(button.text.text).toBe("Approve");
      expect(button.url).toMatch(new RegExp(`/incidents/${DEMO_INCIDENT}/bulk-actions/${bulkAction.id}$`));
      // No customer address in what the channel received.
      expect(JSON.stringify(request)).not.toMatch(/@/);

      // The approver follows the link from the channel (approval asks for a recent second factor: a fresh sign-in).
      const approverContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
      const approver = await approverContext.newPage();
      const { email, password, totpSecret } = DEMO_USERS.admin;
      await signIn(approver, email, password, totpSecret);
      await approver.goto(button.url);
      const n = bulkAction.total.toLocaleString("en-US");
      await expect(approver.getByRole("heading", { name: `Withdrawal hold of ${n} accounts` })).toBeVisible();
      await approver.getByRole("button", { name: "Approve…" }).click();
      await approver.getByRole("button", { name: `Approve hold of ${n} accounts` }).click();
      await expect(approver.getByTestId("bulk-status")).toHaveText(/^(Running|Completed)$/);
      await approverContext.close();

      await expect
        .poll(() => slackMessages(receiver, bulkAction.id).map((m) => m.text.split(" (")[0]), { timeout: 30_000 })
        .toEqual(["Approval requested", "Request approved"]);
    } finally {
      // Restore: the destination goes, so nothing more is sent to a receiver that is gone.
      await page.goto("/admin/integrations");
      const row = page.getByTestId("event-destinations").getByRole("row", { name: new RegExp(name) });
      if ((await row.count()) > 0) {
        page.once("dialog", (dialog) => void dialog.accept());
        await row.getByRole("button", { name: "Remove" }).click();
        await expect(page.getByTestId("event-destinations").getByRole("row", { name: new RegExp(name) })).toHaveCount(0);
      }
      await receiver.close();
    }
  });
});
