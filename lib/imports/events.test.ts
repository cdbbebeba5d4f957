import { describe, expect, it } from "vitest";
import { MAX_ACCOUNT_ID_CHARS } from "./accounts-csv";
import { parseEventKind, parseSecurityEvents } from "./events";
import { chunked, collect } from "./test-input";
import { SECURITY_EVENT_KINDS } from "./types";

async function parseAll(text: string, format: "csv" | "jsonl") {
  const batches = await collect(parseSecurityEvents(chunked(text, 13), { format }));
  return {
    rows: batches.flatMap((b) => b.rows),
    rejects: batches.flatMap((b) => b.rejects),
    blankLines: batches.reduce((n, b) => n + b.blankLines, 0),
  };
}

describe("parseEventKind", () => {
  it.each([
    ["login success from new device", "login_new_device"],
    ["New_Device_Login", "login_new_device"],
    ["Failed login", "login_failed"],
    ["password changed", "password_change"],
    ["2FA change", "two_factor_change"],
    ["withdrawal address change", "withdrawal_address_change"],
    ["API key created", "api_key_created"],
    ["email-change", "email_change"],
  ])("%s -> %s", (text, kind) => {
    expect(parseEventKind(text)).toBe(kind);
  });

  it("knows every canonical kind and nothing else", () => {
    for (const kind of SECURITY_EVENT_KINDS) expect(parseEventKind(kind)).toBe(kind);
    expect(parseEventKind("logout")).toBeNull();
  });
});

describe("parseSecurityEvents", () => {
  it("reads CSV events", async () => {
    const { rows, rejects } = await parseAll(
      [
        "account_id,email,occurred_at,event,ip,detail",
        "A1,,2024-03-02T10:00:00Z,new_device_login,203.0.113.9,Chrome on Windows",
        ",Jane@Example.com,2024-03-02 11:00:00+02:00,password changed,2001:db8::1,",
      ].join("\n"),
      "csv",
    );
    expect(rejects).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        accountExternalId: "A1",
        email: null,
        emailNormalized: null,
        occurredAt: new Date("2024-03-02T10:00:00Z"),
        kind: "login_new_device",
        ip: "203.0.113.9",
        detail: "Chrome on Windows",
      },
      {
        line: 3,
        accountExternalId: null,
        email: "Jane@Example.com",
        emailNormalized: "jane@example.com",
        occurredAt: new Date("2024-03-02T09:00:00Z"),
        kind: "password_change",
        ip: "2001:db8::1",
        detail: null,
      },
    ]);
  });

  it("rejects CSV rows with reasons", async () => {
    const { rejects } = await parseAll(
      [
        "account id,email,time,kind,ip",
        ",,2024-03-02T10:00:00Z,login_failed,",
        "A1,,2024-03-02T10:00:00,login_failed,",
        "A1,,yesterday,login_failed,",
        "A1,,2024-03-02T10:00:00Z,logout,",
        "A1,,2024-03-02T10:00:00Z,login_failed,300.1.1.1",
        "A1,bad@,2024-03-02T10:00:00Z,login_failed,",
      ].join("\n"),
      "csv",
    );
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [2, "missing account id and email"],
      [3, "time without time zone"],
      [4, 'invalid time "yesterday"'],
      [5, 'unknown event kind "logout"'],
      [6, 'invalid IP address "300.1.1.1"'],
      [7, "invalid email: invalid domain"],
    ]);
  });

  it("rejects an account id too long to be a directory's, in CSV and JSON lines, and reads the rest", async () => {
    const longest = "A".repeat(MAX_ACCOUNT_ID_CHARS);
    const tooLong = "X".repeat(3200);
    const reason = `account id too long (3200 characters, at most ${MAX_ACCOUNT_ID_CHARS})`;
    const csv = await parseAll(
      [
        "account id,email,time,kind",
        `${longest},,2024-03-02T10:00:00Z,login_failed`,
        `${tooLong},a@example.com,2024-03-02T10:00:00Z,login_failed`,
        "A1,,2024-03-02T10:00:00Z,login_failed",
      ].join("\n"),
      "csv",
    );
    expect(csv.rows.map((r) => [r.line, r.accountExternalId])).toEqual([
      [2, longest],
      [4, "A1"],
    ]);
    expect(csv.rejects.map((r) => [r.line, r.reason])).toEqual([[3, reason]]);
    const jsonl = await parseAll(
      [
        JSON.stringify({ account_id: tooLong, time: "2024-03-02T10:00:00Z", kind: "login_failed" }),
        JSON.stringify({ account_id: "A1", time: "2024-03-02T10:00:00Z", kind: "login_failed" }),
      ].join("\n"),
      "jsonl",
    );
    expect(jsonl.rows.map((r) => [r.line, r.accountExternalId])).toEqual([[2, "A1"]]);
    expect(jsonl.rejects.map((r) => [r.line, r.reason])).toEqual([[1, reason]]);
  });

  it("requires time, kind and an account id or email column", async () => {
    await expect(parseAll("account id,kind\n", "csv")).rejects.toThrow(/^No time column/);
    await expect(parseAll("email,time\n", "csv")).rejects.toThrow(/^No event kind column/);
    await expect(parseAll("time,kind\n", "csv")).rejects.toThrow(/^No account id or email column/);
  });

  it("reads JSON lines, rejecting bad lines and counting blank ones", async () => {
    const { rows, rejects, blankLines } = await parseAll(
      [
        '{"accountId":"A1","occurredAt":"2024-03-02T10:00:00Z","type":"2fa disabled","ip":"198.51.100.7","detail":{"by":"support"}}',
        "",
        '{"account_id": 42, "timestamp": "2024-03-02T10:00:00+00:00", "event": "API key created"}',
        "{not json",
        "[1,2]",
        '{"email":"a@example.com","time":"2024-03-02T10:00:00Z","kind":"nonsense"}',
        '{"email":"a@example.com","time":"2024-03-02T10:00:00Z","kind":"failed login"}',
      ].join("\r\n"),
      "jsonl",
    );
    expect(blankLines).toBe(1);
    expect(rows.map((r) => [r.line, r.accountExternalId, r.email, r.kind, r.ip, r.detail])).toEqual([
      [1, "A1", null, "two_factor_change", "198.51.100.7", '{"by":"support"}'],
      [3, "42", null, "api_key_created", null, null],
      [7, null, "a@example.com", "login_failed", null, null],
    ]);
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [4, "invalid JSON"],
      [5, "expected a JSON object"],
      [6, 'unknown event kind "nonsense"'],
    ]);
  });
});
