import { describe, expect, it } from "vitest";
import { MAX_ACCOUNT_ID_CHARS, parseAccountsCsv, parseBalanceCents } from "./accounts-csv";
import { chunked, collect } from "./test-input";

async function parseAll(text: string) {
  const batches = await collect(parseAccountsCsv(chunked(text, 11)));
  return { rows: batches.flatMap((b) => b.rows), rejects: batches.flatMap((b) => b.rejects) };
}

describe("parseAccountsCsv", () => {
  it("says which optional columns the file has, so that an update leaves the others alone", async () => {
    const all = await collect(
      parseAccountsCsv(chunked("id,email,2fa,balance,tier,country,created,last login\nA1,a@example.com,,,,,,\n", 11)),
    );
    expect(all.map((b) => b.fields)).toEqual([
      ["twoFactorEnabled", "balanceUsdCents", "balanceTier", "country", "openedAt", "lastLoginAt"],
    ]);
    const few = await collect(parseAccountsCsv(chunked("customer id,e-mail,Country Code\nA1,a@example.com,GB\n", 11)));
    expect(few.map((b) => b.fields)).toEqual([["country"]]);
  });

  it("reads every field with header synonyms", async () => {
    const { rows, rejects } = await parseAll(
      [
        "Account_ID,E-Mail,Two-Factor Enabled,Balance USD,Balance Tier,Country,Opened At,last_login_at",
        'A1,Jane.Doe@Gmail.com,yes,"1,234.56",High,de,2019-02-28,2024-03-01T08:00:00+01:00',
        "A2,bob@example.com,Disabled,0,zero,,,",
        "A3,carol@example.com,,12.5,,uk,,",
      ].join("\n"),
    );
    expect(rejects).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        externalId: "A1",
        email: "Jane.Doe@Gmail.com",
        emailNormalized: "janedoe@gmail.com",
        twoFactorEnabled: true,
        balanceUsdCents: 123456,
        balanceTier: "high",
        country: "DE",
        openedAt: new Date("2019-02-28T00:00:00Z"),
        lastLoginAt: new Date("2024-03-01T07:00:00Z"),
      },
      {
        line: 3,
        externalId: "A2",
        email: "bob@example.com",
        emailNormalized: "bob@example.com",
        twoFactorEnabled: false,
        balanceUsdCents: 0,
        balanceTier: "zero",
        country: null,
        openedAt: null,
        lastLoginAt: null,
      },
      {
        line: 4,
        externalId: "A3",
        email: "carol@example.com",
        emailNormalized: "carol@example.com",
        twoFactorEnabled: false,
        balanceUsdCents: 1250,
        balanceTier: null,
        country: "GB",
        openedAt: null,
        lastLoginAt: null,
      },
    ]);
  });

  it("rejects rows with a reason naming the field", async () => {
    const { rows, rejects } = await parseAll(
      [
        "id,email,2fa,balance,country,created",
        ",a@example.com,,,,",
        "B1,a.example.com,,,,",
        "B2,b@example.com,maybe,,,",
        "B3,c@example.com,on,abc,,",
        "B4,d@example.com,off,-5,,",
        "B5,e@example.com,1,,XX1,",
        "B6,f@example.com,0,,,31/02/2019",
        "B7,g@example.com,true,,XX,2019-02-31",
        "B8,,true,,,",
      ].join("\n"),
    );
    expect(rows).toEqual([]);
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [2, "missing account id"],
      [3, "invalid email: missing @"],
      [4, 'invalid 2FA value "maybe"'],
      [5, 'invalid balance "abc"'],
      [6, 'negative balance "-5"'],
      [7, 'invalid country "XX1"'],
      [8, 'invalid date in created: "31/02/2019"'],
      [9, 'invalid country "XX"'],
      [10, "missing email"],
    ]);
    expect(rejects[1]?.raw).toBe("B1,a.example.com,,,,");
  });

  it("rejects an account id too long to index, naming the line and field, and reads the rest", async () => {
    const longest = "A".repeat(MAX_ACCOUNT_ID_CHARS);
    const { rows, rejects } = await parseAll(
      `id,email\n${longest},a@example.com\n${"X".repeat(3200)},b@example.com\nC1,c@example.com\n`,
    );
    expect(rows.map((r) => [r.line, r.externalId])).toEqual([
      [2, longest],
      [4, "C1"],
    ]);
    expect(rejects.map((r) => [r.line, r.reason, r.raw.length])).toEqual([
      [3, `account id too long (3200 characters, at most ${MAX_ACCOUNT_ID_CHARS})`, 500],
    ]);
  });

  it("requires the account id and email columns", async () => {
    await expect(parseAll("email,name\n")).rejects.toThrow(
      "No account id column: expected one of account id, id, external id, customer id (found: email, name)",
    );
    await expect(parseAll("id,name\n")).rejects.toThrow("No email column");
  });
});

describe("parseBalanceCents", () => {
  it.each([
    ["0", 0],
    ["1234.56", 123456],
    ["1,234.56", 123456],
    ["$1,234", 123400],
    ["12.5", 1250],
    ["1,23.00", 'invalid balance "1,23.00"'],
    ["1.234", 'invalid balance "1.234"'],
    ["-0.01", 'negative balance "-0.01"'],
    ["1e3", 'invalid balance "1e3"'],
  ])("%s -> %s", (text, expected) => {
    expect(parseBalanceCents(text)).toBe(expected);
  });
});
