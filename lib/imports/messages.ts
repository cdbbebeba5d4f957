import PostalMime from "postal-mime";
import { parseAddressList } from "@/lib/email/address-list";
import { checkAddress } from "@/lib/email/normalize";
import { parseTimestamp } from "./dates";
import { type MessageRecipient, type ParsedMessage, truncateRaw } from "./types";

const HEADERS = { to: "To", cc: "Cc", bcc: "Bcc" } as const;
type Visibility = keyof typeof HEADERS;

/**
 * The most header text read from one message. postal-mime refuses more than
 * 2 MB by throwing, which failed the whole import as "unexpected";
 * a message with more is rejected on its own, with this reason.
 */
const MAX_HEADER_BYTES = 1 << 20;

const LF = 10;
const CR = 13;

// Only the header block is read: a leaked newsletter may carry megabytes of
// HTML and images, and none of it names a recipient. Line ends become LF,
// including bare CRs (old Mac mail), with which no header ended at all and
// the message came out with no recipients. Returns null
// when the block is longer than MAX_HEADER_BYTES.
function headerBlock(raw: Buffer): Buffer | null {
  const out: number[] = [];
  let previousLf = false;
  for (let i = 0; i < raw.length; i++) {
    let c = raw[i] ?? 0;
    if (c === CR) {
      if (raw[i + 1] === LF) i++;
      c = LF;
    }
    if (c === LF && previousLf) break;
    if (out.length >= MAX_HEADER_BYTES) return null;
    out.push(c);
    previousLf = c === LF;
  }
  return Buffer.from(out);
}

// Unfolded header fields of the block, in order (RFC 5322 2.2.3).
function headerFields(block: string): { name: string; value: string }[] {
  const fields: { name: string; value: string }[] = [];
  for (const line of block.split("\n")) {
    if ((line.startsWith(" ") || line.startsWith("\t")) && fields.length > 0) {
      const last = fields[fields.length - 1]!;
      last.value += ` ${line}`;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon > 0) fields.push({ name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1) });
  }
  return fields;
}

function formatMailbox(name: string | null, address: string): string {
  return name ? `${name} <${address}>` : address;
}

function stripAngles(id: string): string {
  const trimmed = id.trim();
  return trimmed.startsWith("<") && trimmed.endsWith(">") ? trimmed.slice(1, -1).trim() : trimmed;
}

// PostgreSQL's text cannot hold a NUL.
function clean(text: string): string {
  return text.replaceAll("\u0000", "\uFFFD");
}

const EMPTY: Omit<ParsedMessage, "rejects"> = { messageId: null, subject: null, sentAt: null, recipients: [] };

/**
 * Headers of one sent message: who received it (To, Cc, Bcc; groups unwrapped, RFC 2047
 * names decoded, one entry per normalised address, the most visible header winning),
 * its Message-ID without angle brackets, subject and date. The address lists are read
 * from the raw header text by our own RFC 5322 reader (lib/email/address-list.ts):
 * an address that is not exactly what the header says is rejected with its reason.
 * postal-mime decodes the rest (subject, date, Message-ID).
 */
export async function parseMessage(raw: Buffer | string): Promise<ParsedMessage> {
  const block = headerBlock(typeof raw === "string" ? Buffer.from(raw, "utf8") : raw);
  if (block === null) {
    return {
      ...EMPTY,
      rejects: [
        { reason: `message headers longer than ${MAX_HEADER_BYTES / (1 << 20)} MB (message not read)`, raw: "" },
      ],
    };
  }
  let email: Awaited<ReturnType<typeof PostalMime.parse>>;
  try {
    email = await PostalMime.parse(Buffer.concat([block, Buffer.from("\n\n")]));
  } catch (error) {
    // A message the MIME parser cannot read is one rejected message, not a failed import.
    const reason = error instanceof Error ? error.message.slice(0, 200) : "unknown error";
    return { ...EMPTY, rejects: [{ reason: `unreadable message headers: ${clean(reason)}`, raw: "" }] };
  }
  const recipients: MessageRecipient[] = [];
  const rejects: ParsedMessage["rejects"] = [];
  const seen = new Set<string>();
  const fields = headerFields(new TextDecoder("utf-8").decode(block));

  for (const visibility of Object.keys(HEADERS) as Visibility[]) {
    const header = HEADERS[visibility];
    for (const field of fields) {
      if (field.name !== visibility) continue;
      for (const entry of parseAddressList(field.value)) {
        if (!entry.ok) {
          rejects.push({ reason: `${entry.reason} in ${header}`, raw: truncateRaw(clean(entry.raw)) });
          continue;
        }
        const checked = checkAddress(entry.address);
        if (!checked.ok) {
          rejects.push({ reason: `${checked.reason} in ${header}`, raw: truncateRaw(clean(entry.raw)) });
          continue;
        }
        const name = entry.displayName === null ? null : clean(entry.displayName);
        // A display name that holds another address ("b@y.io" <a@x.io>): do not lose it
        // silently, but do not count it as a recipient either (it may just be a label).
        if (name !== null && name.includes("@") && name.toLowerCase() !== entry.address.toLowerCase()) {
          rejects.push({
            reason: `another address in the display name in ${header} (not imported)`,
            raw: truncateRaw(formatMailbox(name, entry.address)),
          });
        }
        if (seen.has(checked.normalized)) continue;
        seen.add(checked.normalized);
        recipients.push({
          emailOriginal: entry.address,
          emailNormalized: checked.normalized,
          displayName: name,
          visibility,
        });
      }
    }
  }

  let sentAt: Date | null = null;
  if (email.date) {
    const parsed = parseTimestamp(email.date, { requireZone: false });
    sentAt = parsed.ok ? parsed.date : null;
  }
  const messageId = email.messageId ? clean(stripAngles(email.messageId)) : "";
  const subject = clean(email.subject?.trim() ?? "");
  return {
    messageId: messageId.length > 0 ? messageId : null,
    subject: subject.length > 0 ? subject : null,
    sentAt,
    recipients,
    rejects,
  };
}
