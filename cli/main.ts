// `npx breachdesk <command>`: administration from the shell. Progress and
// messages go to stderr; the last line on stdout is one JSON object, so
// scripts can read the result.
import { parseArgs } from "node:util";
import { AppError, isAppError } from "../server/errors";
import { log } from "../server/log";
import { runAdminCreate } from "./commands/admin-create";
import { runAuditVerify, type AuditVerifyOutput } from "./commands/audit-verify";
import { runBulkCancel, runBulkPause, runBulkResume } from "./commands/bulk";
import { runDbMigrate } from "./commands/db-migrate";
import { runEvidenceKey } from "./commands/evidence-key";
import { runEvidenceVerify, type EvidenceVerifyOutput } from "./commands/evidence-verify";
import { runExchangeSim } from "./commands/exchange-sim";
import { runProviderCheck, type ProviderCheckOutput } from "./commands/provider-check";
import { runTokenCreate } from "./commands/token";
import { runDbSeed } from "./commands/db-seed";
import { runImportAccounts, runImportEvents, runImportMessages, runImportRecipients } from "./commands/import";
import { runIncidentCreate } from "./commands/incident-create";
import { runIncidentForget } from "./commands/incident-forget";
import { runWorkerCommand } from "./commands/worker";
import { runSiemAdd, runSiemList, runSiemRemove } from "./commands/siem";
import type { CommandContext } from "./context";

const USAGE = `Usage: breachdesk <command> [options]

Commands:
  db migrate                     Apply database migrations
  db seed                        Seed the demo incident and demo staff (not in production)
  admin create --email <e> --name <n>
                                 Create an admin; the password is read from
                                 BREACHDESK_ADMIN_PASSWORD or standard input
  incident create --slug <s> --title <t> --t0 <ISO time> [--leak-started <ISO time>]
                                 Create an incident
  incident forget <slug> --step pseudonymise|erase
                                 Start forgetting a closed incident's personal
                                 data now (docs/forgetting.md); a worker does it
  import recipients <file> --incident <slug> [--column <name>] [--rejects <file>]
                                 Import a leaked-recipient list (CSV or TSV)
  import messages <mbox|zip|dir|eml> --incident <slug> [--rejects <file>]
                                 Import the sent messages themselves
  import accounts <file> [--rejects <file>]
                                 Import the customer directory (CSV)
  import events <file> --incident <slug> [--rejects <file>]
                                 Import post-leak security events (CSV or JSON lines)
  worker [--concurrency <n>] [--drain]
                                 Run bulk-action work until SIGINT/SIGTERM (the
                                 batches in hand finish first); --concurrency runs
                                 n claim loops in this process (default
                                 BREACHDESK_WORKER_CONCURRENCY, else 2 on
                                 PostgreSQL, 1 on PGlite); --drain runs what is
                                 queued now, then prints {"batches":n} and exits
  audit verify [--head <id>:<hash>] [--against <file>]
                                 Check the audit log's chain (HMAC links under
                                 the audit key); prints {"entries","ok","head",
                                 "firstBad"?,"recordedHead"?} and exits 1 when the
                                 chain is broken or no longer holds the head
                                 recorded outside (a report, an audit.head log line);
                                 --against compares it with a SIEM's copy (forwarded
                                 syslog or JSON lines) and names the first difference
  siem add --name <n> --kind syslog_tcp|syslog_tls|splunk_hec|elastic_bulk
           (--host <h> --port <p> | --url <https url>) [--ca <PEM file>]
           [--token-stdin] [--disabled] [--as <admin e-mail>]
                                 Forward the audit log to a SIEM (from its first
                                 entry); the token is read from standard input
  siem list | siem status        The destinations: cursor, lag, state, last error
  siem remove <name|id> [--as <admin e-mail>]
                                 Stop forwarding to a destination
  evidence key                   Print the instance's Ed25519 public key that signs
                                 evidence packs (its PEM and key id), for an
                                 auditor to pin; reads the configuration only
  evidence verify <zip> [--key <public key pem>] [--audit-secret <file>]
                                 Check an evidence pack offline: the manifest's
                                 Ed25519 signature (against --key, the instance's
                                 pinned key; else the pack's own, with a warning),
                                 every file's SHA-256, no file missing or extra,
                                 and the audit segment's order and links (keyed
                                 entries' HMACs too with --audit-secret, a file
                                 holding BREACHDESK_AUDIT_KEY); exits 1 naming
                                 the first failure
  exchange-sim --secret <s>[,<s2>] [--port 4010] [--webhook-url <url>]
               [--error-rate f] [--throttle-rate f] [--retry-after s] [--drop-rate f]
               [--slow-rate f] [--slow-ms n] [--complete-resets-after-ms n]
               [--webhook-duplicate-rate f] [--webhook-delay-ms n] [--webhook-reverse]
               [--broken <defect>] (one of tools/exchange-sim/defects.ts)
                                 Run the reference exchange (the provider contract
                                 over its own accounts, with injected faults) until
                                 SIGINT/SIGTERM; prints {"url"} once listening
  provider check --url <base url> --secret <s> [--account <id>] [--closed-account <id>]
                 [--unknown-account <id>]
                                 Check an exchange's implementation of the provider
                                 contract (docs/provider-api.md); prints what passed
                                 and exits 1 if anything failed
  token create --name <n> --role <role> [--incident <slug>] [--expires-days 90] [--as <admin e-mail>]
                                 Create an API token acting with the role (never
                                 more than the creator's) on the whole API, or on
                                 one incident; printed once, stored hashed
  bulk pause|resume|cancel <id> [--as <email>]
                                 Pause, resume or cancel a bulk action, acting as
                                 the staff user named by --as (who needs the
                                 bulk.request permission) or, without it, as the
                                 first active admin; the audit log names them

The database is the embedded PGlite in BREACHDESK_DATA_DIR (default .data/),
or PostgreSQL when DATABASE_URL is set.`;

type Handler = (
  ctx: CommandContext,
  values: Record<string, string | boolean | undefined>,
  positionals: string[],
) => Promise<unknown>;

type Command = {
  options: Record<string, { type: "string" | "boolean" }>;
  positionals?: number;
  run: Handler;
  /** The exit code for a result (0 when not given): e.g. a failed check that still prints its report. */
  exitCode?: (result: unknown) => number;
};

const BULK_OPTIONS = { as: { type: "string" } } as const;

const COMMANDS: Record<string, Command> = {
  "db migrate": { options: {}, run: runDbMigrate },
  "db seed": { options: {}, run: runDbSeed },
  "admin create": { options: { email: { type: "string" }, name: { type: "string" } }, run: runAdminCreate },
  "incident create": {
    options: {
      slug: { type: "string" },
      title: { type: "string" },
      t0: { type: "string" },
      "leak-started": { type: "string" },
    },
    run: runIncidentCreate,
  },
  "incident forget": { options: { step: { type: "string" } }, positionals: 1, run: runIncidentForget },
  "import recipients": {
    options: { incident: { type: "string" }, column: { type: "string" }, rejects: { type: "string" } },
    positionals: 1,
    run: runImportRecipients,
  },
  "import messages": {
    options: { incident: { type: "string" }, rejects: { type: "string" } },
    positionals: 1,
    run: runImportMessages,
  },
  "import accounts": { options: { rejects: { type: "string" } }, positionals: 1, run: runImportAccounts },
  "import events": {
    options: { incident: { type: "string" }, rejects: { type: "string" } },
    positionals: 1,
    run: runImportEvents,
  },
  worker: {
    options: { concurrency: { type: "string" }, drain: { type: "boolean" } },
    run: runWorkerCommand,
  },
  "audit verify": {
    options: { head: { type: "string" }, against: { type: "string" } },
    run: runAuditVerify,
    exitCode: (result) => ((result as AuditVerifyOutput).ok ? 0 : 1),
  },
  "evidence key": { options: {}, run: runEvidenceKey },
  "evidence verify": {
    options: { key: { type: "string" }, "audit-secret": { type: "string" } },
    positionals: 1,
    run: runEvidenceVerify,
    exitCode: (result) => ((result as EvidenceVerifyOutput).ok ? 0 : 1),
  },
  "exchange-sim": {
    options: {
      port: { type: "string" },
      host: { type: "string" },
      secret: { type: "string" },
      "webhook-url": { type: "string" },
      "error-rate": { type: "string" },
      "throttle-rate": { type: "string" },
      "retry-after": { type: "string" },
      "drop-rate": { type: "string" },
      "slow-rate": { type: "string" },
      "slow-ms": { type: "string" },
      "complete-resets-after-ms": { type: "string" },
      "webhook-duplicate-rate": { type: "string" },
      "webhook-delay-ms": { type: "string" },
      "webhook-reverse": { type: "boolean" },
      seed: { type: "string" },
      broken: { type: "string" },
    },
    run: runExchangeSim,
  },
  "provider check": {
    options: {
      url: { type: "string" },
      secret: { type: "string" },
      account: { type: "string" },
      "closed-account": { type: "string" },
      "unknown-account": { type: "string" },
    },
    run: runProviderCheck,
    exitCode: (result) => ((result as ProviderCheckOutput).ok ? 0 : 1),
  },
  "token create": {
    options: {
      name: { type: "string" },
      role: { type: "string" },
      incident: { type: "string" },
      "expires-days": { type: "string" },
      as: { type: "string" },
    },
    run: runTokenCreate,
  },
  "siem add": {
    options: {
      name: { type: "string" },
      kind: { type: "string" },
      host: { type: "string" },
      port: { type: "string" },
      url: { type: "string" },
      ca: { type: "string" },
      "token-stdin": { type: "boolean" },
      disabled: { type: "boolean" },
      as: { type: "string" },
    },
    run: runSiemAdd,
  },
  "siem list": { options: {}, run: runSiemList },
  "siem status": { options: {}, run: runSiemList },
  "siem remove": { options: { as: { type: "string" } }, positionals: 1, run: runSiemRemove },
  "bulk pause": { options: BULK_OPTIONS, positionals: 1, run: runBulkPause },
  "bulk resume": { options: BULK_OPTIONS, positionals: 1, run: runBulkResume },
  "bulk cancel": { options: BULK_OPTIONS, positionals: 1, run: runBulkCancel },
};

/** A command is named by one word or two ("worker", "db migrate"); returns it and how many words it took. */
function findCommand(argv: string[]): { name: string; command: Command; words: number } | null {
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(" ");
    const command = COMMANDS[name];
    if (command && argv.length >= words) return { name, command, words };
  }
  return null;
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    process.stderr.write(`${USAGE}\n`);
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    process.stderr.write(`breachdesk: unknown command "${argv.slice(0, 2).join(" ")}"\n\n${USAGE}\n`);
    return 2;
  }
  const { name, command, words } = found;
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv.slice(words),
      options: command.options,
      strict: true,
      allowPositionals: (command.positionals ?? 0) > 0,
    }));
    if (positionals.length > (command.positionals ?? 0)) throw new Error(`unexpected argument "${positionals.at(-1)}"`);
  } catch (error) {
    process.stderr.write(`breachdesk ${name}: ${(error as Error).message}\n`);
    return 2;
  }
  const ctx: CommandContext = {
    log: (message) => process.stderr.write(`${message}\n`),
  };
  try {
    const result = await command.run(ctx, values, positionals);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return command.exitCode?.(result) ?? 0;
  } catch (error) {
    if (isAppError(error)) {
      process.stderr.write(`breachdesk ${name}: ${error.message}\n`);
      if (error.fields)
        for (const [field, message] of Object.entries(error.fields)) process.stderr.write(`  --${field}: ${message}\n`);
      return error.code === "VALIDATION" ? 2 : 1;
    }
    process.stderr.write(`breachdesk ${name}: unexpected error\n`);
    // Like the server's log: codes and stack frames, never a statement's values.
    log.error("cli.unexpected_error", error, { action: name });
    return 1;
  }
}

// Exported for the CLI's own tests.
export { main, AppError };

process.exitCode = await main(process.argv.slice(2));
