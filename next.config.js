// @ts-check

/** Security headers for every response. The CSP allows inline styles because
 * Recharts and Next inject them; scripts stay same-origin. */
const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** @type {import("next").NextConfig} */
const nextConfig = {
  // A separate build folder lets two checkouts' e2e runs build side by side.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // Bundled, PGlite fails at its first query; native and driver packages stay external.
  // pdfkit reads its standard fonts' metrics (.afm files) from its own folder at run time.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@node-rs/argon2", "pg", "pdfkit"],
  experimental: {
    authInterrupts: true,
    // Server actions carry forms and small selections (a browser-read file of at
    // most 20,000 account ids, a notice template): Next refuses a larger body
    // (413) while reading it. Bigger lists of ids go through the REST API's upload.
    serverActions: { bodySizeLimit: "1mb" },
  },
  // `npm test` type-checks the whole project in a stage of its own before the
  // end-to-end stage builds the app, and sets this: checking again in the
  // build would take another half minute.
  typescript: { ignoreBuildErrors: process.env.BREACHDESK_BUILD_TYPECHECKED === "1" },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
