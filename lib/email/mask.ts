// j***@example.com: the first character of the local part, then three stars,
// whatever the length, so the mask does not leak the length either.
export function maskEmail(address: string): string {
  const at = address.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${address[0]}***${address.slice(at)}`;
}
