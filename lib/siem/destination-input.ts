import { z } from "zod";

// A SIEM destination as an admin gives it (CLI and API alike).

export const DESTINATION_KINDS = ["syslog_tcp", "syslog_tls", "splunk_hec", "elastic_bulk"] as const;

const Pem = z
  .string()
  .max(64 * 1024)
  .refine((text) => text.includes("-----BEGIN CERTIFICATE-----"), "a PEM certificate (-----BEGIN CERTIFICATE-----)");

export const AddDestinationInput = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(80)
      .regex(/^[\w.-]+$/, "letters, digits, '.', '-' and '_'"),
    kind: z.enum(DESTINATION_KINDS),
    host: z.string().trim().min(1).max(253).optional(),
    port: z.coerce.number().int().min(1).max(65_535).optional(),
    url: z
      .url({ protocol: /^https$/ })
      .max(2_000)
      .optional(),
    caPem: Pem.optional(),
    token: z.string().min(1).max(4_096).optional(),
    enabled: z.boolean().default(true),
  })
  .superRefine((input, ctx) => {
    const syslog = input.kind === "syslog_tcp" || input.kind === "syslog_tls";
    if (syslog) {
      if (!input.host) ctx.addIssue({ code: "custom", path: ["host"], message: "syslog needs a host" });
      if (!input.port) ctx.addIssue({ code: "custom", path: ["port"], message: "syslog needs a port" });
      if (input.url) ctx.addIssue({ code: "custom", path: ["url"], message: "syslog takes host and port, not a URL" });
      if (input.token) ctx.addIssue({ code: "custom", path: ["token"], message: "syslog takes no token" });
    } else {
      if (!input.url) ctx.addIssue({ code: "custom", path: ["url"], message: "an HTTPS collector needs its URL" });
      if (input.host || input.port)
        ctx.addIssue({ code: "custom", path: ["host"], message: "an HTTPS collector takes a URL, not host and port" });
    }
    if (input.kind === "syslog_tcp" && input.caPem)
      ctx.addIssue({ code: "custom", path: ["caPem"], message: "plain TCP has no TLS: use syslog_tls" });
  });
export type AddDestinationInput = z.infer<typeof AddDestinationInput>;
