import fs from "node:fs";
import http from "node:http";
import { expect, test } from "@playwright/test";
import { DEMO_INCIDENT, storageState } from "./fixtures";

// Signed-in request bodies over the real HTTP server: refused (413) from
// Content-Length before they are read, cut off while streaming when there is
// none, and long lists of account ids taken as a file.

test.use({ storageState: storageState("security_analyst") });

const preview = `/api/v1/incidents/${DEMO_INCIDENT}/bulk-actions/preview`;

test("a JSON body over the operation's limit is 413 PAYLOAD_TOO_LARGE", async ({ page, baseURL }) => {
  const accountIds = Array.from({ length: 120_000 }, (_, i) => `NOT-AN-ACCOUNT-${i}`);
  const response = await page.request.post(preview, {
    headers: { Origin: baseURL!, "Content-Type": "application/json" },
    data: JSON.stringify({ kind: "reset", accountIds }),
  });
  expect(response.status()).toBe(413);
  expect((await response.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
});

test("a chunked body that never ends is answered 413 while it is still being sent", async ({ baseURL }, testInfo) => {
  const state = JSON.parse(fs.readFileSync(storageState("security_analyst", testInfo.project.name), "utf8")) as {
    cookies: { name: string; value: string }[];
  };
  const cookie = state.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  const url = new URL(preview, baseURL);
  const cap = 64 * 1024 * 1024;
  const { status, code, sent } = await new Promise<{ status: number; code: string; sent: number }>((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(url, {
      method: "POST",
      headers: { Cookie: cookie, Origin: baseURL!, "Content-Type": "application/json", "Transfer-Encoding": "chunked" },
    });
    req.on("response", (res) => {
      answered = true;
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, code: (JSON.parse(text) as { error: { code: string } }).error.code, sent });
        req.destroy();
      });
    });
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.from(`"${"A".repeat(64 * 1024)}",`);
    req.write('{"kind":"reset","accountIds":[');
    const pump = () => {
      // Never ends by itself: only the server's answer (or the cap, which fails the test) stops it.
      while (!answered && sent < cap) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) reject(new Error(`No answer after ${sent} bytes.`));
    };
    pump();
  });
  expect(status).toBe(413);
  expect(code).toBe("PAYLOAD_TOO_LARGE");
  expect(sent).toBeLessThan(cap);
});

test("account ids uploaded as a file are previewed", async ({ page, baseURL }) => {
  const listed = await page.request.get(`/api/v1/incidents/${DEMO_INCIDENT}/accounts?size=20`);
  const ids = ((await listed.json()) as { accounts: { externalId: string | null }[] }).accounts
    .map((a) => a.externalId)
    .filter((id): id is string => id !== null);
  expect(ids.length).toBeGreaterThan(0);
  const file = ["account_id", ...ids, ...Array.from({ length: 100_000 }, (_, i) => `NOT-AN-ACCOUNT-${i}`)].join("\n");
  expect(file.length).toBeGreaterThan(1024 * 1024);
  const response = await page.request.post(preview, {
    headers: { Origin: baseURL! },
    multipart: {
      request: JSON.stringify({ kind: "reset" }),
      accountIds: { name: "ids.csv", mimeType: "text/csv", buffer: Buffer.from(file) },
    },
  });
  expect(response.status()).toBe(200);
  const { preview: answer } = (await response.json()) as {
    preview: { selected: number; eligible: number; skipped: Record<string, number> };
  };
  expect(answer.selected).toBe(ids.length + 100_000);
  expect(answer.skipped.not_in_incident).toBe(100_000);
});
