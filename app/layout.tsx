import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Breachdesk", template: "%s · Breachdesk" },
  description: "Incident response for customer data leaks",
  robots: { index: false, follow: false },
  // public/icon.svg (the logo), linked from every page: without the link each page's favicon request was a 404.
  icons: { icon: { url: "/icon.svg", type: "image/svg+xml" } },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request, every page: each response's scripts carry that
  // response's CSP nonce (set by scripts/page-security.mjs), which a
  // prerendered page cannot.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
