import { describe, expect, it } from "vitest";
import { MAX_FILE_ACCOUNT_IDS, parseAccountIdList } from "./account-id-list";

describe("parseAccountIdList", () => {
  it("reads one id per line, skipping blanks and repeats", () => {
    expect(parseAccountIdList("EX-1\n\nEX-2\r\nEX-1\n")).toEqual({ ids: ["EX-1", "EX-2"], duplicates: 1 });
  });
  it("reads the account id column of a CSV with a header", () => {
    expect(parseAccountIdList("\uFEFFemail,account_id\na@x.com,EX-9\nb@x.com,\"EX-10\"\n").ids).toEqual(["EX-9", "EX-10"]);
  });
  it("refuses an empty file and one over the browser's limit, saying what to do", () => {
    expect(parseAccountIdList("\n\n").error).toMatch(/no account ids/);
    const big = Array.from({ length: MAX_FILE_ACCOUNT_IDS + 1 }, (_, i) => `EX-${i}`).join("\n");
    expect(parseAccountIdList(big).error).toMatch(/use the API/);
  });
});
