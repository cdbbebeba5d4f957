import { createCipheriv, createDecipheriv, createSecretKey, hkdfSync, randomBytes, type KeyObject } from "node:crypto";
import type { TriageSort } from "../../lib/triage/filter";
import { authSecret } from "../auth/secret";

/*
 * The triage table's keyset cursor: the last row's sort key and id, sealed
 * with AES-256-GCM under a key derived (HKDF) from the app secret, and bound
 * to the incident and the sort. It reveals nothing (the key used to be the
 * last row's normalised address in base64 when sorted by e-mail, which a masked
 * viewer could read), cannot be forged to jump to an arbitrary place, and needs no
 * lookup to resume: a deep page costs what the first does. A cursor that
 * does not open, or whose contents are not of the sort's type and range, is
 * no cursor, and the table starts at page 1 (item 10).
 */

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MAX_ROW_ID = 2_147_483_647;
const INT8 = /^-?\d{1,19}$/;
// PostgreSQL's text form of a timestamptz, as the statement selects it.
const TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;
const MAX_EMAIL_CHARS = 320;

export type TriageCursor = { value: string; id: number };

// A KeyObject, not the bytes: given bytes, each cipher makes a key object of its own first.
let cachedKey: KeyObject | undefined;

function key(): KeyObject {
  cachedKey ??= createSecretKey(
    Buffer.from(hkdfSync("sha256", authSecret(), Buffer.alloc(0), "breachdesk triage cursor v1", 32)),
  );
  return cachedKey;
}

function associatedData(incidentId: string, sort: TriageSort): Buffer {
  return Buffer.from(`${VERSION}|${incidentId}|${sort}`);
}

/** The value is the sort key as PostgreSQL's text (exact: no rounding of a timestamp's microseconds). */
export function sealTriageCursor(incidentId: string, sort: TriageSort, cursor: TriageCursor): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(associatedData(incidentId, sort));
  const sealed = Buffer.concat([cipher.update(JSON.stringify([cursor.value, cursor.id]), "utf8"), cipher.final()]);
  return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString("base64url");
}

function validValue(sort: TriageSort, value: unknown): value is string {
  if (typeof value !== "string") return false;
  switch (sort) {
    case "risk":
    case "balance":
      return (
        INT8.test(value) && BigInt(value) <= 9_223_372_036_854_775_807n && BigInt(value) >= -9_223_372_036_854_775_808n
      );
    case "last_event":
      return TIMESTAMPTZ.test(value);
    case "email":
      return value.length <= MAX_EMAIL_CHARS && !value.includes("\u0000");
  }
}

/** The cursor, or null for anything that is not one of ours for this incident and sort. */
export function openTriageCursor(incidentId: string, sort: TriageSort, text: string | undefined): TriageCursor | null {
  if (!text || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const bytes = Buffer.from(text, "base64url");
  if (bytes.length <= IV_BYTES + TAG_BYTES) return null;
  let plain: string;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), bytes.subarray(0, IV_BYTES));
    decipher.setAAD(associatedData(incidentId, sort));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    plain = Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    return null; // Tampered with, sealed under another secret, or for another incident or sort.
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(plain);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return null;
  const [value, id] = parsed as [unknown, unknown];
  if (!validValue(sort, value)) return null;
  if (typeof id !== "number" || !Number.isInteger(id) || id < 1 || id > MAX_ROW_ID) return null;
  return { value, id };
}
