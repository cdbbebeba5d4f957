import { looksLikeEml } from "./eml";

export type ImportFileFormat = "csv" | "tsv" | "jsonl" | "mbox" | "eml" | "zip" | "unknown";

const EXTENSIONS: Record<string, ImportFileFormat> = {
  csv: "csv",
  tsv: "tsv",
  tab: "tsv",
  jsonl: "jsonl",
  ndjson: "jsonl",
  json: "jsonl",
  mbox: "mbox",
  mbx: "mbox",
  eml: "eml",
  zip: "zip",
};

function decodeHead(head: Buffer): string {
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder("utf-16le").decode(head);
  if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder("utf-16be").decode(head);
  return new TextDecoder("utf-8").decode(head);
}

function firstLine(text: string): string {
  const start = text.search(/\S/);
  if (start === -1) return "";
  const end = text.indexOf("\n", start);
  return text.slice(start, end === -1 ? undefined : end).replace(/\r$/, "");
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/**
 * What an upload is, from its first bytes (a few kilobytes) and its name. Content wins
 * over the extension where they disagree in a way content can prove (a zip signature, an
 * mbox "From " line, a JSON object); binary content that is none of these is "unknown".
 */
export function detectFormat(fileName: string, head: Buffer): ImportFileFormat {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? "";
  const byExtension = EXTENSIONS[extension];
  // PK\x03\x04 (a zip with entries) or PK\x05\x06 (an empty one).
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6)) {
    return "zip";
  }
  const text = decodeHead(head);
  const utf16 = head[0] === 0xff || head[0] === 0xfe;
  if (!utf16 && text.includes("\u0000")) return "unknown";
  const body = text.replace(/^\uFEFF/, "");
  if (body.startsWith("From ")) return "mbox";
  const line = firstLine(body);
  if (line.startsWith("{")) return "jsonl";
  if (looksLikeEml(body)) return "eml";
  if (byExtension === "csv" || byExtension === "tsv") return byExtension;
  // The name promises a format whose signature is missing.
  if (byExtension !== undefined) return "unknown";
  if (line === "") return "unknown";
  const tabs = count(line, "\t");
  return tabs > 0 && tabs >= count(line, ",") && tabs >= count(line, ";") ? "tsv" : "csv";
}
