/*
 * An RFC 5322 address-list reader (section 3.4, with the obsolete forms of
 * section 4.4) for the raw To, Cc and Bcc header values of an imported message.
 *
 * Why our own: MIME libraries parse addresses leniently, to show a mail to a
 * person. postal-mime turns `hello world@iana.org` into `world@iana.org`,
 * `Fred\ Bloggs@iana.org` into `Bloggs@iana.org` and `test . test@iana.org`
 * into `test@iana.org`, and it decodes RFC 2047 words before splitting, so an
 * encoded display name holding a comma becomes two entries. An import that may soon reset a customer's account must read
 * exactly the address the header names, or reject it with the reason. So
 * the header is split on the raw text, and each mailbox is read by the
 * grammar:
 *
 *   address-list = address *("," address)     (empty elements allowed: obs)
 *   address      = mailbox / group
 *   group        = display-name ":" [mailbox *("," mailbox)] ";"
 *   mailbox      = [display-name] "<" [obs-route] addr-spec ">" / addr-spec
 *   display-name = word *(word / "." / CFWS)   (obs-phrase)
 *   addr-spec    = word *("." word) "@" (atom *("." atom) / domain-literal)
 *
 * with comments and white space (CFWS) allowed between any two tokens: so
 * `test . test@iana.org` is the obsolete spelling of `test.test@iana.org`,
 * and `pete(his account)@silly.test(his host)` is `pete@silly.test`. Two
 * words with no dot between them (`hello world@`, `"test"test@`,
 * `first(middle)last@`) are no address, and an unclosed quoted string,
 * comment or domain literal is rejected, never guessed.
 *
 * Display names are decoded (RFC 2047) after the split, with postal-mime's
 * decoder. An address sent as an encoded word is refused with that reason:
 * RFC 2047 (section 5) allows encoded words in names, never in addresses.
 */
import { decodeWords } from "postal-mime";

export type MailboxEntry =
  { ok: true; address: string; displayName: string | null; raw: string } | { ok: false; reason: string; raw: string };

type Spacing = "none" | "space" | "comment";

type Token =
  | { kind: "atom"; text: string; encoded: boolean; start: number; end: number; before: Spacing }
  | { kind: "quoted"; text: string; raw: string; start: number; end: number; before: Spacing }
  | { kind: "literal"; raw: string; start: number; end: number; before: Spacing }
  | { kind: "special"; text: "<" | ">" | "@" | "," | ";" | ":" | "."; start: number; end: number; before: Spacing }
  | { kind: "bad"; text: string; start: number; end: number; before: Spacing }
  | { kind: "unclosed"; what: string; start: number; end: number; before: Spacing };

const SPECIALS = new Set(["<", ">", "@", ",", ";", ":", "."]);
// atext (RFC 5322 3.2.3), plus any non-ASCII character (RFC 6532).
const ATEXT = /[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\uFFFF]/;
// An RFC 2047 encoded word; its text may hold characters that end an atom
// (a comma from a careless encoder), so it is read as one token.
const ENCODED_WORD = /=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=/y;

function encodedWordEnd(value: string, at: number): number {
  ENCODED_WORD.lastIndex = at;
  return ENCODED_WORD.test(value) ? ENCODED_WORD.lastIndex : -1;
}

function isWsp(c: string): boolean {
  return c === " " || c === "\t" || c === "\r" || c === "\n";
}

function tokenize(value: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let before: Spacing = "none";
  const n = value.length;
  while (i < n) {
    const c = value[i] ?? "";
    if (isWsp(c)) {
      if (before === "none") before = "space";
      i++;
      continue;
    }
    const start = i;
    if (c === "(") {
      // Comments nest and may hold quoted pairs.
      let depth = 0;
      for (; i < n; i++) {
        const d = value[i];
        if (d === "\\") i++;
        else if (d === "(") depth++;
        else if (d === ")" && --depth === 0) break;
      }
      if (i >= n) {
        tokens.push({ kind: "unclosed", what: "comment", start, end: n, before });
        return tokens;
      }
      i++;
      before = "comment";
      continue;
    }
    if (c === '"') {
      let text = "";
      i++;
      for (; i < n && value[i] !== '"'; i++) {
        if (value[i] === "\\") i++;
        if (i < n) text += value[i];
      }
      if (i >= n) {
        tokens.push({ kind: "unclosed", what: "quoted string", start, end: n, before });
        return tokens;
      }
      i++;
      tokens.push({ kind: "quoted", text, raw: value.slice(start, i), start, end: i, before });
    } else if (c === "[") {
      for (; i < n && value[i] !== "]"; i++) if (value[i] === "\\") i++;
      if (i >= n) {
        tokens.push({ kind: "unclosed", what: "domain literal", start, end: n, before });
        return tokens;
      }
      i++;
      tokens.push({ kind: "literal", raw: value.slice(start, i), start, end: i, before });
    } else if (SPECIALS.has(c)) {
      i++;
      tokens.push({ kind: "special", text: c as "<", start, end: i, before });
    } else if (c === "=" && value[i + 1] === "?" && encodedWordEnd(value, i) !== -1) {
      i = encodedWordEnd(value, i);
      tokens.push({ kind: "atom", text: value.slice(start, i), encoded: true, start, end: i, before });
    } else if (ATEXT.test(c)) {
      while (i < n && ATEXT.test(value[i] ?? "")) i++;
      tokens.push({ kind: "atom", text: value.slice(start, i), encoded: false, start, end: i, before });
    } else {
      i++;
      tokens.push({ kind: "bad", text: c, start, end: i, before });
    }
    before = "none";
  }
  return tokens;
}

function describeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code < 32 || code === 127 ? `U+${code.toString(16).toUpperCase().padStart(4, "0")}` : `"${c}"`;
}

function isWord(token: Token | undefined): boolean {
  return token?.kind === "atom" || token?.kind === "quoted";
}

function isSpecial(token: Token | undefined, text: string): boolean {
  return token?.kind === "special" && token.text === text;
}

// Why two words may not stand side by side in an address.
function joinProblem(next: Token): string {
  if (next.before === "comment") return "a comment inside the address";
  if (next.before === "space") return "a space inside the address (a display name needs <angle brackets>)";
  return "a quoted string run together with other text";
}

type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

// word *("." word), or atom *("." atom) for a domain; CFWS between tokens is allowed (obsolete forms).
function readDotted(tokens: readonly Token[], part: "local part" | "domain"): Read<string> {
  if (tokens.length === 0) return { ok: false, reason: part === "domain" ? "missing domain" : "empty local part" };
  if (part === "domain" && tokens.length === 1 && tokens[0]?.kind === "literal")
    return { ok: true, value: tokens[0].raw };
  let text = "";
  let previous: Token | undefined;
  for (const token of tokens) {
    if (token.kind === "atom" && token.encoded)
      return { ok: false, reason: "an RFC 2047 encoded word inside the address" };
    if (token.kind === "atom" || (token.kind === "quoted" && part === "local part")) {
      if (isWord(previous)) return { ok: false, reason: joinProblem(token) };
      text += token.kind === "atom" ? token.text : token.raw;
    } else if (isSpecial(token, ".")) {
      text += ".";
    } else if (token.kind === "literal") {
      return { ok: false, reason: "a domain literal mixed with other text" };
    } else if (token.kind === "quoted") {
      return { ok: false, reason: "a quoted string in the domain" };
    } else {
      return { ok: false, reason: `unexpected ${describeToken(token)} in the ${part}` };
    }
    previous = token;
  }
  return { ok: true, value: text };
}

function describeToken(token: Token): string {
  switch (token.kind) {
    case "bad":
      return `character ${describeChar(token.text)}`;
    case "special":
      return `"${token.text}"`;
    case "unclosed":
      return `unclosed ${token.what}`;
    default:
      return "text";
  }
}

function readAddrSpec(tokens: readonly Token[]): Read<string> {
  const ats = tokens.filter((token) => isSpecial(token, "@")).length;
  if (ats === 0) {
    const only = tokens.length === 1 ? tokens[0] : undefined;
    if (only?.kind === "atom" && only.encoded) {
      const decoded = decodeWords(only.text);
      if (decoded.includes("@")) {
        return {
          ok: false,
          reason: `an address sent as an RFC 2047 encoded word ("${decoded.slice(0, 80)}"); encoded words are allowed in display names only`,
        };
      }
    }
    return { ok: false, reason: "missing @" };
  }
  if (ats > 1) return { ok: false, reason: "more than one @ (several addresses without a comma between them?)" };
  const at = tokens.findIndex((token) => isSpecial(token, "@"));
  const local = readDotted(tokens.slice(0, at), "local part");
  if (!local.ok) return local;
  const domain = readDotted(tokens.slice(at + 1), "domain");
  if (!domain.ok) return domain;
  return { ok: true, value: `${local.value}@${domain.value}` };
}

function readDisplayName(tokens: readonly Token[]): Read<string | null> {
  let text = "";
  for (const [index, token] of tokens.entries()) {
    const word =
      token.kind === "atom" || token.kind === "quoted" ? token.text : isSpecial(token, ".") && index > 0 ? "." : null;
    if (word === null) return { ok: false, reason: `unexpected ${describeToken(token)} in the display name` };
    if (text !== "" && token.before !== "none") text += " ";
    text += word;
  }
  const name = decodeWords(text).trim();
  return { ok: true, value: name === "" ? null : name };
}

function readMailbox(tokens: readonly Token[], raw: string): MailboxEntry {
  const broken = tokens.find((token) => token.kind === "bad" || token.kind === "unclosed");
  if (broken) return { ok: false, reason: describeToken(broken), raw };
  const open = tokens.findIndex((token) => isSpecial(token, "<"));
  if (open === -1) {
    if (tokens.some((token) => isSpecial(token, ">"))) return { ok: false, reason: 'a ">" without "<"', raw };
    const spec = readAddrSpec(tokens);
    return spec.ok
      ? { ok: true, address: spec.value, displayName: null, raw }
      : { ok: false, reason: spec.reason, raw };
  }
  const close = tokens.findIndex((token, index) => index > open && isSpecial(token, ">"));
  if (close === -1) return { ok: false, reason: 'a "<" without ">"', raw };
  if (close < tokens.length - 1) return { ok: false, reason: "text after the address's closing >", raw };
  const name = readDisplayName(tokens.slice(0, open));
  if (!name.ok) return { ok: false, reason: name.reason, raw };
  let inner = tokens.slice(open + 1, close);
  // obs-route ("<@relay.example,@other.example:jane@example.com>"): the route is ignored.
  if (isSpecial(inner[0], "@")) {
    const colon = inner.findIndex((token) => isSpecial(token, ":"));
    if (colon === -1) return { ok: false, reason: "an incomplete source route", raw };
    inner = inner.slice(colon + 1);
  }
  if (inner.some((token) => isSpecial(token, "<"))) return { ok: false, reason: 'a "<" inside <angle brackets>', raw };
  const spec = readAddrSpec(inner);
  return spec.ok
    ? { ok: true, address: spec.value, displayName: name.value, raw }
    : { ok: false, reason: spec.reason, raw };
}

// The index of the next top-level token `stop` (outside <angle brackets>), or the end.
function nextTopLevel(tokens: readonly Token[], from: number, stops: readonly string[]): number {
  let angle = false;
  for (let i = from; i < tokens.length; i++) {
    const token = tokens[i];
    if (isSpecial(token, "<")) angle = true;
    else if (isSpecial(token, ">")) angle = false;
    else if (!angle && token?.kind === "special" && stops.includes(token.text)) return i;
  }
  return tokens.length;
}

/** The mailboxes of a To, Cc or Bcc header's value (unfolded), in order, each read or rejected with its reason. */
export function parseAddressList(value: string): MailboxEntry[] {
  const tokens = tokenize(value);
  const entries: MailboxEntry[] = [];
  const rawOf = (from: number, to: number) => {
    const first = tokens[from];
    const last = tokens[to - 1];
    return first && last ? value.slice(first.start, last.end).trim() : "";
  };
  let i = 0;
  while (i < tokens.length) {
    if (isSpecial(tokens[i], ",")) {
      i++;
      continue;
    }
    const end = nextTopLevel(tokens, i, [",", ":"]);
    if (isSpecial(tokens[end], ":")) {
      // A group: "name: member, member;" (members are mailboxes; the group's name is not a recipient).
      const name = readDisplayName(tokens.slice(i, end));
      const close = nextTopLevel(tokens, end + 1, [";"]);
      if (!name.ok || close === tokens.length) {
        const stop = close === tokens.length ? tokens.length : close + 1;
        entries.push({
          ok: false,
          reason: name.ok ? 'a group without its closing ";"' : name.reason,
          raw: rawOf(i, stop),
        });
        i = stop;
        continue;
      }
      let member = end + 1;
      while (member < close) {
        if (isSpecial(tokens[member], ",")) {
          member++;
          continue;
        }
        const memberEnd = Math.min(nextTopLevel(tokens, member, [","]), close);
        entries.push(readMailbox(tokens.slice(member, memberEnd), rawOf(member, memberEnd)));
        member = memberEnd;
      }
      i = close + 1;
      if (i < tokens.length && !isSpecial(tokens[i], ",")) {
        const next = nextTopLevel(tokens, i, [","]);
        entries.push({ ok: false, reason: "text after a group's closing ;", raw: rawOf(i, next) });
        i = next;
      }
      continue;
    }
    entries.push(readMailbox(tokens.slice(i, end), rawOf(i, end)));
    i = end;
  }
  return entries;
}
