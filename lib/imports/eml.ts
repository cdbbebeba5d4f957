/*
 * Recognising a single RFC 822 message (.eml) by its content, for zip entries and upload
 * detection: the first line is a header field, and one of the usual message headers
 * appears at a line start within the first few kilobytes.
 */

const FIRST_HEADER = /^[!-9;-~]+:/;
const MESSAGE_HEADER =
  /^(?:from|to|cc|bcc|subject|date|message-id|received|return-path|mime-version|delivered-to|x-mailer):/im;

export function looksLikeEml(head: Buffer | string): boolean {
  const text = (typeof head === "string" ? head : head.subarray(0, 8192).toString("latin1")).slice(0, 8192);
  if (text.includes("\u0000")) return false;
  return FIRST_HEADER.test(text) && MESSAGE_HEADER.test(text);
}

export function hasEmlExtension(name: string): boolean {
  return /\.eml$/i.test(name);
}
