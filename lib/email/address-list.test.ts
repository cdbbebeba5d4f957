import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAddressList, type MailboxEntry } from "./address-list";

function addresses(value: string): (string | null)[] {
  return parseAddressList(value).map((entry) => (entry.ok ? entry.address : null));
}

function only(value: string): MailboxEntry {
  const entries = parseAddressList(value);
  expect(entries, value).toHaveLength(1);
  return entries[0]!;
}

describe("parseAddressList", () => {
  // Regression cases, and the isemail corpus's cases of the same kind: text
  // that is no address must not come back as a different, shorter one.
  it.each([
    ["hello world@iana.org", /a space inside the address/],
    ["Fred\\ Bloggs@iana.org", /character "\\"/],
    ['"test"test@iana.org', /quoted string run together/],
    ["first(middle)last@iana.org", /a comment inside the address/],
    ['test"text"@iana.org', /quoted string run together/],
    ["test@iana org", /a space inside the address/],
    ['"test@iana.org', /unclosed quoted string/],
    ["test@iana.org(comment", /unclosed comment/],
    ["(comment test@iana.org", /unclosed comment/],
    ["test@[1.2.3.4", /unclosed domain literal/],
    ["test@iana.org\u0001", /character U\+0001/],
    ["<jane@example.com", /"<" without ">"/],
    ["jane@example.com>", /">" without "<"/],
    ["Jane <jane@example.com> trailing", /text after the address/],
    ["test@iana.org extra <x@example.com>", /"@" in the display name/],
    ["a@example.com b@example.com", /more than one @/],
    ["a@b@example.com", /more than one @/],
    ["broken", /missing @/],
    ["=?UTF-8?B?amFuZUBleGFtcGxlLmNvbQ==?=", /an address sent as an RFC 2047 encoded word \("jane@example.com"\)/],
    ["=?UTF-8?Q?jane?=@example.com", /encoded word inside the address/],
    ['test@"iana".org', /quoted string in the domain/],
    ["<<jane@example.com>>", /text after the address|"<" inside/],
  ])("rejects %j with its reason", (value, reason) => {
    const entry = only(value);
    expect(entry.ok).toBe(false);
    if (!entry.ok) {
      expect(entry.reason).toMatch(reason);
      expect(entry.raw).toBe(value.trim());
    }
  });

  it.each([
    ["test@iana.org", "test@iana.org"],
    ["test . test@iana.org", "test.test@iana.org"],
    ["test@iana .org", "test@iana.org"],
    ["(comment)test@iana.org", "test@iana.org"],
    ["test(comment)@iana.org", "test@iana.org"],
    ["test@(comment)iana.org", "test@iana.org"],
    ["test@iana.org (comment (nested))", "test@iana.org"],
    ['"test\\"quoted"@iana.org', '"test\\"quoted"@iana.org'],
    ["test@[192.0.2.1]", "test@[192.0.2.1]"],
    ["  Jane  <jane@example.com>  ", "jane@example.com"],
    ["<@relay.example,@other.example:jane@example.com>", "jane@example.com"],
  ])("reads %j as %j", (value, address) => {
    const entry = only(value);
    expect(entry).toMatchObject({ ok: true, address });
  });

  // RFC 5322 Appendix A.5 (white space, comments and other oddities) and A.6 (obsolete forms).
  it("reads the RFC 5322 appendix examples", () => {
    expect(only("Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>")).toMatchObject({
      ok: true,
      address: "pete@silly.test",
      displayName: "Pete",
    });
    expect(
      addresses(
        "A Group(Some people)\r\n     :Chris Jones <c@(Chris's host.)public.example>,\r\n         joe@example.org,\r\n  John <jdoe@one.test> (my dear friend); (the end of the group)",
      ),
    ).toEqual(["c@public.example", "joe@example.org", "jdoe@one.test"]);
    expect(parseAddressList("(Empty list)(start)Hidden recipients  :(nobody(that I know))  ;")).toEqual([]);
    expect(only("Joe Q. Public <john.q.public@example.com>")).toMatchObject({ displayName: "Joe Q. Public" });
    expect(addresses("Mary Smith <@node.test:mary@example.net>, , jdoe@test  . example")).toEqual([
      "mary@example.net",
      "jdoe@test.example",
    ]);
    expect(addresses("undisclosed-recipients:;")).toEqual([]);
  });

  // Regression: names decoded after the split, so a comma in one is no separator.
  it.each([
    ["=?UTF-8?Q?Doe=2C_Jane?= <jane@example.com>", "Doe, Jane"],
    ["=?UTF-8?B?RG9lLCBKYW5l?= <jane@example.com>", "Doe, Jane"],
    ["=?UTF-8?Q?Doe,_Jane?= <jane@example.com>", "Doe, Jane"],
    ["=?UTF-8?Q?J=C3=BCrgen?= =?UTF-8?Q?_M=C3=BCller?= <jane@example.com>", "Jürgen Müller"],
    ['"Doe, Jane" <jane@example.com>', "Doe, Jane"],
  ])("decodes %j to one mailbox named %j", (value, name) => {
    expect(only(value)).toMatchObject({ ok: true, address: "jane@example.com", displayName: name });
  });

  it("splits lists on top-level commas only", () => {
    expect(
      addresses(
        '"Doe, Jane" <jane@example.com>, bob@example.com,, Team: a@example.com, b@example.com;, c@example.com,',
      ),
    ).toEqual(["jane@example.com", "bob@example.com", "a@example.com", "b@example.com", "c@example.com"]);
    expect(addresses("a@example.com, broken, b@example.com")).toEqual(["a@example.com", null, "b@example.com"]);
  });

  const atext = fc.constantFrom(..."abcxyz0189!#$%&'*+-/=?^_`{|}~");
  const atom = fc.array(atext, { minLength: 1, maxLength: 8 }).map((chars) => chars.join(""));
  const dotAtom = fc.array(atom, { minLength: 1, maxLength: 3 }).map((atoms) => atoms.join("."));
  const label = fc.array(fc.constantFrom(..."abcxyz019"), { minLength: 1, maxLength: 8 }).map((c) => c.join(""));
  const domain = fc.array(label, { minLength: 2, maxLength: 3 }).map((labels) => labels.join("."));
  const addrSpec = fc.tuple(dotAtom, domain).map(([local, host]) => `${local}@${host}`);
  const name = fc.array(fc.constantFrom(...'Ab c,.;:<>@"()ü'), { maxLength: 12 }).map((c) => c.join(""));

  it("reads any list of valid mailboxes back exactly, names quoted", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(name, addrSpec), { minLength: 1, maxLength: 5 }), (mailboxes) => {
        const header = mailboxes
          .map(([display, spec]) =>
            display === "" ? spec : `"${display.replace(/["\\]/g, (c) => `\\${c}`)}" <${spec}>`,
          )
          .join(", ");
        const entries = parseAddressList(header);
        expect(entries.map((e) => (e.ok ? e.address : e.reason))).toEqual(mailboxes.map(([, spec]) => spec));
        entries.forEach((entry, i) => {
          const display = mailboxes[i]![0].trim();
          if (entry.ok) expect(entry.displayName ?? "").toBe(display.replace(/\s+/g, (s) => s));
        });
      }),
      { numRuns: 2000 },
    );
  });

  it("never throws, and never reads an address whose characters are not in the text, in order", () => {
    const noise = fc.string({ unit: fc.constantFrom(...'ab.@ <>"()\\,;:[]=?Q\t\r\n\u0000é'), maxLength: 40 });
    fc.assert(
      fc.property(
        fc.oneof(
          noise,
          fc.tuple(noise, addrSpec, noise).map((parts) => parts.join("")),
        ),
        (header) => {
          for (const entry of parseAddressList(header)) {
            if (!entry.ok) continue;
            // The address is a subsequence of the header text (comments and spaces removed, nothing added).
            let at = 0;
            for (const c of entry.address) {
              at = header.indexOf(c, at);
              expect(at, `${entry.address} from ${JSON.stringify(header)}`).toBeGreaterThanOrEqual(0);
              at++;
            }
          }
        },
      ),
      { numRuns: 5000 },
    );
  });
});
