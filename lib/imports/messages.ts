import PostalMime, { type Address } from "postal-mime";
import { checkAddress } from "@/lib/email/normalize";
import { parseTimestamp } from "./dates";
import { type MessageRecipient, type ParsedMessage, truncateRaw } from "./types";

const VISIBILITIES = ["to", "cc", "bcc"] as const;

// Only the header block is handed to the MIME parser: a leaked newsletter may carry
// megabytes of HTML and images, and none of it names a recipient.
function headerBlock(raw: Buffer | string): Buffer | string {
  if (typeof raw === "string") {
    const end = raw.search(/\r?\n\r?\n/);
    return end === -1 ? raw : raw.slice(0, end + 1);
  }
  const lf = raw.indexOf("\n\n");
  const crlf = raw.indexOf("\r\n\r\n");
  const end = lf === -1 ? crlf : crlf === -1 ? lf : Math.min(lf, crlf);
  return end === -1 ? raw : raw.subarray(0, end + 1);
}

function formatMailbox(name: string, address: string): string {
  return name ? `${name} <${address}>` : address;
}

function stripAngles(id: string): string {
  const trimmed = id.trim();
  return trimmed.startsWith("<") && trimmed.endsWith(">") ? trimmed.slice(1, -1).trim() : trimmed;
}

/**
 * Headers of one sent message: who received it (To, Cc, Bcc; groups unwrapped, RFC 2047
 * names decoded, one entry per normalised address, the most visible header winning),
 * its Message-ID without angle brackets, subject and date.
 */
export async function parseMessage(raw: Buffer | string): Promise<ParsedMessage> {
  const email = await PostalMime.parse(headerBlock(raw));
  const recipients: MessageRecipient[] = [];
  const rejects: ParsedMessage["rejects"] = [];
  const seen = new Set<string>();

  for (const visibility of VISIBILITIES) {
    const list: Address[] = email[visibility] ?? [];
    const header = visibility === "to" ? "To" : visibility === "cc" ? "Cc" : "Bcc";
    for (const entry of list) {
      for (const mailbox of entry.group ?? [entry]) {
        const address = (mailbox.address ?? "").trim();
        const name = mailbox.name.trim();
        const checked = checkAddress(address);
        if (!checked.ok) {
          // A word that is not an address ("To: broken") comes back as a name alone.
          const text = address === "" ? name : formatMailbox(name, address);
          const reason = address === "" && name !== "" ? checkAddress(name) : checked;
          rejects.push({
            reason: `${reason.ok ? checked.reason : reason.reason} in ${header}`,
            raw: truncateRaw(text),
          });
          continue;
        }
        // "a@x.io b@y.io" parses as one mailbox named "b@y.io": do not lose the second
        // address silently, but do not count it as a recipient either (a quoted name may
        // just be the sender's own label).
        if (name.includes("@") && name.toLowerCase() !== address.toLowerCase()) {
          rejects.push({
            reason: `another address in the display name in ${header} (not imported)`,
            raw: truncateRaw(formatMailbox(name, address)),
          });
        }
        if (seen.has(checked.normalized)) continue;
        seen.add(checked.normalized);
        recipients.push({
          emailOriginal: address,
          emailNormalized: checked.normalized,
          displayName: name.length > 0 ? name : null,
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
  const messageId = email.messageId ? stripAngles(email.messageId) : "";
  const subject = email.subject?.trim() ?? "";
  return {
    messageId: messageId.length > 0 ? messageId : null,
    subject: subject.length > 0 ? subject : null,
    sentAt,
    recipients,
    rejects,
  };
}
