import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDriver } from "../server/db/driver";
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from "../server/db/migrate";

// Timeline tokens were made without an expiry and never expired. The
// migration that makes the expiry required gives each of them 90 days from
// the upgrade, and leaves the tokens that had one alone.

const EXPIRY_REQUIRED = "20261205171112_api_token_expiry_required";

describe("the migration that makes every API token expire", () => {
  it("gives tokens without an expiry 90 days from the upgrade, and keeps the others' expiry", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "breachdesk-migrations-"));
    const parked = fs.mkdtempSync(path.join(os.tmpdir(), "breachdesk-migrations-"));
    fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const later = readMigrations(dir).filter((m) => m.name >= EXPIRY_REQUIRED);
    expect(later[0]?.name).toBe(EXPIRY_REQUIRED);
    for (const m of later) fs.renameSync(path.join(dir, m.name), path.join(parked, m.name));
    const driver = await openDriver({ kind: "pglite", dataDir: null, owner: "test" });
    try {
      await applyMigrations(driver, dir);
      await driver.exec(`INSERT INTO api_tokens (id, name, token_hash, prefix, scopes, expires_at) VALUES
        ('00000000-0000-4000-8000-000000000001', 'SIEM', 'hash-1', 'bd_1', '{timeline.write}', NULL),
        ('00000000-0000-4000-8000-000000000002', 'SOAR', 'hash-2', 'bd_2', '{}', '2030-01-01T00:00:00Z')`);
      for (const m of later) fs.renameSync(path.join(parked, m.name), path.join(dir, m.name));
      await applyMigrations(driver, dir);
      const rows = await driver.query<{ name: string; days: number; expires_at: Date }>(
        `SELECT name, round(extract(epoch FROM expires_at - now()) / 86400)::int AS days, expires_at
           FROM api_tokens ORDER BY name`,
      );
      expect(rows.map((row) => row.name)).toEqual(["SIEM", "SOAR"]);
      expect(rows[0]!.days).toBe(90);
      expect(new Date(rows[1]!.expires_at).toISOString()).toBe("2030-01-01T00:00:00.000Z");
      await expect(
        driver.exec(`INSERT INTO api_tokens (id, name, token_hash, prefix, scopes)
                     VALUES ('00000000-0000-4000-8000-000000000003', 'New', 'hash-3', 'bd_3', '{timeline.write}')`),
      ).rejects.toThrow(/expires_at/);
    } finally {
      await driver.close();
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(parked, { recursive: true, force: true });
    }
  });
});
