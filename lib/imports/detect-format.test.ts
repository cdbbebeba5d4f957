import { describe, expect, it } from "vitest";
import { detectFormat } from "./detect-format";

const b = (text: string) => Buffer.from(text);

describe("detectFormat", () => {
  it.each([
    ["leak.zip", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), "zip"],
    ["upload.bin", Buffer.from([0x50, 0x4b, 0x05, 0x06, 0, 0]), "zip"],
    ["sent.mbox", b("From a@b Fri Mar  1 10:00:00 2024\nTo: x@example.com\n"), "mbox"],
    ["export", b("From a@b Fri Mar  1 10:00:00 2024\n"), "mbox"],
    ["one.eml", b("Return-Path: <a@b.example>\r\nTo: x@example.com\r\n"), "eml"],
    ["message.txt", b("Received: from mx\nFrom: a@b.example\n"), "eml"],
    ["events.jsonl", b('{"kind":"login_failed"}\n'), "jsonl"],
    ["events.txt", b('\uFEFF  {"kind":"login_failed"}\n'), "jsonl"],
    ["recipients.csv", b("email,name\n"), "csv"],
    ["recipients.tsv", b("email\tname\n"), "tsv"],
    ["recipients.txt", b("email\tname, first\tbatch\n"), "tsv"],
    ["recipients", b("email;name\n"), "csv"],
    ["unicode.txt", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("email\tname\n", "utf16le")]), "tsv"],
    ["picture.csv", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]), "unknown"],
    ["empty.csv", b(""), "csv"],
    ["empty.txt", b("  \n"), "unknown"],
    ["fake.zip", b("email\n"), "unknown"],
    ["fake.eml", b("email,name\n"), "unknown"],
  ])("%s -> %s", (name, head, expected) => {
    expect(detectFormat(name, head)).toBe(expected);
  });
});
