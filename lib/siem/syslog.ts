import { SYSLOG_APP_NAME, SYSLOG_PRI, SYSLOG_SD_ID, type ForwardedEntry } from "./forwarded-entry";

// RFC 5424 messages and RFC 6587 §3.4.1 octet-counted framing.

/** A header field (HOSTNAME, MSGID): printable US-ASCII without spaces, at most `max` characters, "-" when empty. */
function headerField(value: string, max: number): string {
  const clean = value.replace(/[^\x21-\x7e]/g, "_").slice(0, max);
  return clean === "" ? "-" : clean;
}

/** An SD-PARAM value: `"`, `\` and `]` escaped with a backslash (RFC 5424 §6.3.3). */
function sdValue(value: string): string {
  return value.replace(/["\\\]]/g, (c) => `\\${c}`);
}

function target(entry: ForwardedEntry): string {
  if (!entry.targetType) return "";
  return entry.targetId ? `${entry.targetType}:${entry.targetId}` : entry.targetType;
}

/** One entry as an RFC 5424 message: MSGID is the action, the chain in STRUCTURED-DATA, the entry as JSON in MSG. */
export function syslogMessage(entry: ForwardedEntry, hostname: string): string {
  const params = [
    `id="${entry.id}"`,
    `hash="${sdValue(entry.hash)}"`,
    `prev="${sdValue(entry.prevHash)}"`,
    `actor="${sdValue(entry.actorEmail ?? "")}"`,
    `target="${sdValue(target(entry))}"`,
  ].join(" ");
  return [
    `<${SYSLOG_PRI}>1`,
    entry.at,
    headerField(hostname, 255),
    SYSLOG_APP_NAME,
    "-",
    headerField(entry.action, 32),
    `[${SYSLOG_SD_ID} ${params}]`,
    JSON.stringify(entry),
  ].join(" ");
}

/** Octet-counted framing: the message's length in bytes, a space, the message. */
export function octetCounted(message: string): Buffer {
  const body = Buffer.from(message, "utf8");
  return Buffer.concat([Buffer.from(`${body.length} `, "ascii"), body]);
}

/** The structured-data parameters of our SD element found anywhere in a line, or null. */
export function parseSdParams(line: string): Record<string, string> | null {
  const start = line.indexOf(`[${SYSLOG_SD_ID} `);
  if (start < 0) return null;
  const params: Record<string, string> = {};
  let i = start + SYSLOG_SD_ID.length + 2;
  for (;;) {
    while (line[i] === " ") i += 1;
    if (line[i] === "]") return params;
    const eq = line.indexOf('="', i);
    if (eq < 0) return null;
    const name = line.slice(i, eq);
    let value = "";
    let j = eq + 2;
    for (; j < line.length && line[j] !== '"'; j += 1) {
      if (line[j] === "\\" && j + 1 < line.length) j += 1;
      value += line[j];
    }
    if (j >= line.length) return null;
    params[name] = value;
    i = j + 1;
  }
}
