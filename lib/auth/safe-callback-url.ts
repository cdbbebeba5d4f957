// Only same-site paths are followed after sign-in: "//evil.example" and
// absolute URLs would turn the sign-in page into an open redirect.
export function safeCallbackUrl(value: string | undefined | null): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  if (value.startsWith("/login") || value.startsWith("/api/")) return "/";
  return value;
}
