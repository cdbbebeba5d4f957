import { domainToASCII } from "node:url";

/*
 * One address syntax and one normalisation for the whole product, so that a leaked
 * recipient, a customer account and a security event match exactly when they name the
 * same mailbox.
 *
 * Accepted syntax (deliberately stricter than RFC 5322, because every accepted address is
 * matched against customer accounts and a false "valid" is worse than a visible reject):
 * - addr-spec `local@domain`, no surrounding spaces, at most 254 characters once the domain
 *   is in ASCII form (the SMTP path limit), local part at most 64 characters;
 * - local part: a dot-atom of ASCII atext (letters, digits and !#$%&'*+-/=?^_`{|}~), no
 *   leading, trailing or doubled dot; quoted local parts and non-ASCII local parts are
 *   rejected (no customer-facing provider issues them);
 * - domain: a host name of at least two labels, internationalised names allowed (converted
 *   with IDNA/UTS #46 by `domainToASCII`), every label 1-63 letters, digits or hyphens
 *   without a hyphen at either end, a top-level label of at least two characters that is
 *   not all digits; IP literals (`[1.2.3.4]`) and trailing dots are rejected.
 *
 * Normalisation (`normalizeEmail`), the key used for matching:
 * 1. trim, lower-case;
 * 2. domain in ASCII (punycode) form, e.g. `bücher.de` -> `xn--bcher-kva.de`;
 * 3. sub-address dropped: everything from the first `+` of the local part, unless that
 *    would leave an empty local part or one ending in a dot (`+x@a.io` stays as it is);
 * 4. for gmail.com and googlemail.com only, dots in the local part are ignored. The two
 *    domains are NOT merged: the specification asks for dots only.
 * The result of a valid address is itself valid, and normalising twice changes nothing.
 */

const MAX_ADDRESS_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;
const MAX_DOMAIN_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;
const DOT = 46;
const HYPHEN = 45;

// Lookup tables rather than regular expressions: the CSV importer checks a million
// addresses per run and a table lookup per character cannot backtrack.
const ATEXT = new Uint8Array(128);
// Lower case only: host names are checked once lower-cased, so an upper-case letter in
// an address sends it down the path that lower-cases it.
const LDH = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  const alnum = /[A-Za-z0-9]/.test(ch);
  if (alnum || "!#$%&'*+-/=?^_`{|}~".includes(ch)) ATEXT[c] = 1;
  if (/[a-z0-9-]/.test(ch)) LDH[c] = 1;
}

const DOTLESS_DOMAINS = new Set(["gmail.com", "googlemail.com"]);

export type AddressCheck = { ok: true; normalized: string } | { ok: false; reason: string };

// What scanLocalPart found in a valid local part, or (negative) why it is invalid.
const LOCAL_UPPER = 1;
const LOCAL_PLUS = 2;
const LOCAL_DOT = 4;
const LOCAL_PROBLEMS = ["", "invalid local part", "quoted local parts are not supported", "local part too long"];

// The local part is text[0, end): scanned in place, without copying it out.
function scanLocalPart(text: string, end: number): number {
  if (end === 0) return -1;
  if (text.charCodeAt(0) === 34 && text.charCodeAt(end - 1) === 34 && end > 1) return -2;
  if (end > MAX_LOCAL_LENGTH) return -3;
  let found = 0;
  let previous = DOT; // a leading dot is as wrong as a doubled one
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === DOT) {
      if (previous === DOT) return -1;
      found |= LOCAL_DOT;
    } else if (c >= 128 || ATEXT[c] === 0) {
      return -1;
    } else if (c === 43) {
      found |= LOCAL_PLUS;
    } else if (c >= 65 && c <= 90) {
      found |= LOCAL_UPPER;
    }
    previous = c;
  }
  if (previous === DOT) return -1;
  return found;
}

// Whether text[start, end) is a valid lower-case ASCII host name.
function isHostName(text: string, start: number): boolean {
  const end = text.length;
  if (end - start > MAX_DOMAIN_LENGTH) return false;
  let labelStart = start;
  let labels = 0;
  for (let i = start; i <= end; i++) {
    const c = i === end ? DOT : text.charCodeAt(i);
    if (c === DOT) {
      const labelLength = i - labelStart;
      if (labelLength === 0 || labelLength > MAX_LABEL_LENGTH) return false;
      if (text.charCodeAt(labelStart) === HYPHEN || text.charCodeAt(i - 1) === HYPHEN) return false;
      labels++;
      if (i === end) {
        // The top-level label: at least two characters and not numeric (an IPv4 address
        // would otherwise pass as a host name).
        if (labelLength < 2) return false;
        let numeric = true;
        for (let j = labelStart; j < i; j++) {
          const d = text.charCodeAt(j);
          if (d < 48 || d > 57) {
            numeric = false;
            break;
          }
        }
        if (numeric) return false;
      }
      labelStart = i + 1;
    } else if (c >= 128 || LDH[c] === 0) {
      return false;
    }
  }
  return labels >= 2;
}

// Returns the lower-case ASCII form of a valid host name, or null.
function asciiDomain(domain: string): string | null {
  if (domain.length === 0) return null;
  let ascii = true;
  for (let i = 0; i < domain.length; i++) {
    if (domain.charCodeAt(i) >= 128) {
      ascii = false;
      break;
    }
  }
  let host = domain;
  // ASCII names skip the IDNA mapping for speed, except A-labels (xn--), whose punycode
  // must decode; domainToASCII checks that.
  if (!ascii || host.includes("xn--") || host.includes("XN--") || host.includes("Xn--")) {
    host = domainToASCII(domain);
    if (host === "") return null;
  }
  host = host.toLowerCase();
  return isHostName(host, 0) ? host : null;
}

function isDotless(text: string, start: number): boolean {
  const length = text.length - start;
  return (
    (length === 9 && text.startsWith("gmail.com", start)) || (length === 14 && text.startsWith("googlemail.com", start))
  );
}

function normalizeLocal(local: string, domain: string): string {
  const lower = local.toLowerCase();
  const plus = lower.indexOf("+");
  if (DOTLESS_DOMAINS.has(domain)) {
    const base = (plus === -1 ? lower : lower.slice(0, plus)).replaceAll(".", "");
    return base.length > 0 ? base : lower.replaceAll(".", "");
  }
  if (plus > 0 && lower.charCodeAt(plus - 1) !== DOT) return lower.slice(0, plus);
  return lower;
}

/**
 * Validates an addr-spec exactly as given (no trimming) and returns its normalised form.
 * The importers call this once per row instead of isValidEmail + normalizeEmail so the
 * address is scanned only once.
 */
export function checkAddress(address: string): AddressCheck {
  if (address.length === 0) return { ok: false, reason: "empty address" };
  const at = address.lastIndexOf("@");
  if (at === -1) return { ok: false, reason: "missing @" };
  const local = scanLocalPart(address, at);
  if (local < 0) return { ok: false, reason: LOCAL_PROBLEMS[-local]! };
  // Most addresses are their own normal form: lower-case ASCII, no sub-address, a host
  // name without A-labels. Those are checked in place and returned as they are, with no
  // copy; anything else takes the path below, which says what is wrong.
  if (
    (local & (LOCAL_UPPER | LOCAL_PLUS)) === 0 &&
    address.length <= MAX_ADDRESS_LENGTH &&
    isHostName(address, at + 1) &&
    address.indexOf("xn--", at + 1) === -1 &&
    ((local & LOCAL_DOT) === 0 || !isDotless(address, at + 1))
  ) {
    return { ok: true, normalized: address };
  }
  const domainPart = address.slice(at + 1);
  if (domainPart.charCodeAt(0) === 91 /* [ */) {
    return { ok: false, reason: "IP address domains are not supported" };
  }
  const domain = asciiDomain(domainPart);
  if (domain === null) return { ok: false, reason: "invalid domain" };
  if (at + 1 + domain.length > MAX_ADDRESS_LENGTH) {
    return { ok: false, reason: "address too long" };
  }
  return { ok: true, normalized: `${normalizeLocal(address.slice(0, at), domain)}@${domain}` };
}

export function isValidEmail(address: string): boolean {
  return checkAddress(address).ok;
}

/**
 * The matching key of an address (rules above). Text that is not a valid address is only
 * trimmed and lower-cased (its domain put in ASCII form when possible), so the function
 * never throws and stays idempotent; callers validate first.
 */
export function normalizeEmail(address: string): string {
  const trimmed = address.trim();
  const checked = checkAddress(trimmed);
  if (checked.ok) return checked.normalized;
  const lower = trimmed.toLowerCase();
  const at = lower.lastIndexOf("@");
  if (at === -1) return lower;
  const domain = domainToASCII(lower.slice(at + 1));
  if (domain === "") return lower;
  const fallback = `${lower.slice(0, at)}@${domain}`;
  // The IDNA mapping can turn invalid text into a valid address (it drops a trailing
  // backslash, maps "。" to "."): normalise that address too, or a second call would.
  const again = checkAddress(fallback);
  return again.ok ? again.normalized : fallback;
}

export type ParsedAddress = { ok: true; address: string; displayName: string | null } | { ok: false; reason: string };

export type NormalizedAddress =
  { ok: true; address: string; displayName: string | null; normalized: string } | { ok: false; reason: string };

const SEPARATORS = /[,;\s]/;

function unquoteDisplayName(name: string): string {
  if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) {
    return name.slice(1, -1).replace(/\\(.)/g, "$1").trim();
  }
  return name;
}

function countAt(text: string): number {
  let count = 0;
  for (let i = text.indexOf("@"); i !== -1; i = text.indexOf("@", i + 1)) count++;
  return count;
}

/**
 * Reads one address from a cell: a bare addr-spec or the name-addr form
 * (`"Doe, Jane" <jane@example.com>`, `Jane <jane@example.com>`, `<jane@example.com>`).
 * `address` is the addr-spec as written (trimmed, case kept) so staff can see the original.
 */
export function parseAddress(text: string): ParsedAddress {
  const parsed = parseAndNormalizeAddress(text);
  return parsed.ok ? { ok: true, address: parsed.address, displayName: parsed.displayName } : parsed;
}

/** parseAddress plus the normalised key, in one pass, for the importers' hot loops. */
export function parseAndNormalizeAddress(text: string): NormalizedAddress {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { ok: false, reason: "empty address" };
  const open = trimmed.indexOf("<");
  if (open === -1) {
    if (trimmed.includes(">")) return { ok: false, reason: "malformed name <address> form" };
    if (countAt(trimmed) > 1 && SEPARATORS.test(trimmed)) {
      return { ok: false, reason: "several addresses in one cell" };
    }
    const checked = checkAddress(trimmed);
    return checked.ok ? { ok: true, address: trimmed, displayName: null, normalized: checked.normalized } : checked;
  }
  const close = trimmed.indexOf(">", open);
  if (close === -1) return { ok: false, reason: "malformed name <address> form" };
  const rest = trimmed.slice(close + 1).trim();
  const name = trimmed.slice(0, open).trim();
  if (rest.length > 0 || trimmed.indexOf("<", open + 1) !== -1) {
    return {
      ok: false,
      reason: countAt(trimmed) > 1 ? "several addresses in one cell" : "malformed name <address> form",
    };
  }
  // An unquoted name with an @ is another address, e.g. `a@x.io, Bea <b@y.io>`.
  if (!name.startsWith('"') && name.includes("@")) {
    return { ok: false, reason: "several addresses in one cell" };
  }
  const address = trimmed.slice(open + 1, close).trim();
  const checked = checkAddress(address);
  if (!checked.ok) return checked;
  const displayName = unquoteDisplayName(name);
  return {
    ok: true,
    address,
    displayName: displayName.length > 0 ? displayName : null,
    normalized: checked.normalized,
  };
}
