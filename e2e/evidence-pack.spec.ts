import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { unzipFiles } from "../lib/evidence/zip";
import { DEMO_INCIDENT, storageState } from "./fixtures";

const run = promisify(execFile);
const CLI = path.join(import.meta.dirname, "..", "bin", "breachdesk.mjs");

// The auditor's path: on the demo incident's report page an analyst makes the
// evidence pack, downloads it, and `breachdesk evidence verify` passes on the
// zip against the instance's published key. Making a pack changes nothing in
// the incident (one more pack row and its audit entries).

test.describe("as a security analyst", () => {
  test.use({ storageState: storageState("security_analyst") });

  test("makes the evidence pack on the report page, downloads it, and the CLI verifies it", async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto(`/incidents/${DEMO_INCIDENT}/report`);
    const section = page.getByRole("region", { name: "Evidence pack" });
    await expect(section).toBeVisible();
    const before = await section.getByTestId("evidence-pack").count();
    await section.getByRole("button", { name: "Make now" }).click();
    await expect(section.getByText("Evidence pack made.")).toBeVisible({ timeout: 150_000 });
    await expect(section.getByTestId("evidence-pack")).toHaveCount(before + 1);

    const newest = section.getByTestId("evidence-pack").first();
    await expect(newest).toContainText("On demand");
    const downloading = page.waitForEvent("download");
    await newest.getByRole("link", { name: /Download the evidence pack/ }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${DEMO_INCIDENT}-evidence-\\d{8}T\\d{6}Z\\.zip$`));

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "breachdesk-e2e-evidence-"));
    const zipPath = path.join(dir, download.suggestedFilename());
    await download.saveAs(zipPath);
    const key = await page.request.get("/api/v1/instance/evidence-key");
    expect(key.status()).toBe(200);
    const keyPath = path.join(dir, "evidence-key.pem");
    fs.writeFileSync(keyPath, ((await key.json()) as { publicKeyPem: string }).publicKeyPem);

    const { stdout, stderr } = await run(process.execPath, [CLI, "evidence", "verify", zipPath, "--key", keyPath]);
    expect(stderr).toMatch(/^OK: /m);
    const result = JSON.parse(stdout.trim().split("\n").at(-1)!) as {
      ok: boolean;
      incident: string;
      key: { pinned: boolean };
    };
    expect(result).toMatchObject({ ok: true, incident: DEMO_INCIDENT, key: { pinned: true } });

    // The only addresses in the pack are staff's (the audit entries' actors): no customer's.
    const files = await unzipFiles(fs.readFileSync(zipPath));
    for (const [name, data] of files) {
      if (name.endsWith(".pdf")) continue; // its text is checked in server/evidence/evidence-pack.int.test.ts
      const addresses = data.toString("utf8").match(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g) ?? [];
      expect(
        addresses.filter((a) => !a.endsWith("@breachdesk.test")),
        name,
      ).toEqual([]);
    }

    // One byte changed: the CLI names the file and exits 1.
    const tampered = fs.readFileSync(zipPath);
    const at = tampered.indexOf(Buffer.from("manifest.json")) - 40;
    tampered[at] = tampered[at]! ^ 0xff;
    fs.writeFileSync(zipPath, tampered);
    await expect(run(process.execPath, [CLI, "evidence", "verify", zipPath, "--key", keyPath])).rejects.toMatchObject({
      code: 1,
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

test.describe("as a manager", () => {
  test.use({ storageState: storageState("manager") });

  test("sees the evidence packs but cannot make one", async ({ page }) => {
    await page.goto(`/incidents/${DEMO_INCIDENT}/report`);
    const section = page.getByRole("region", { name: "Evidence pack" });
    await expect(section).toBeVisible();
    await expect(section.getByRole("button", { name: "Make now" })).toHaveCount(0);
  });
});
