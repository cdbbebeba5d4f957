// `npx breachdesk <command>`: administration from the shell. Progress and
// messages go to stderr; the last line on stdout is one JSON object, so
// scripts can read the result.
import { parseArgs } from "node:util";
import { AppError, isAppError } from "../server/errors";
import { log } from "../server/log";
import { runAdminCreate } from "./commands/admin-create";
import { runDbMigrate } from "./commands/db-migrate";
import { runDbSeed } from "./commands/db-seed";
import { runImportAccounts, runImportEvents, runImportMessages, runImportRecipients } from "./commands/import";
import { runIncidentCreate } from "./commands/incident-create";
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
  import recipients <file> --incident <slug> [--column <name>] [--rejects <file>]
                                 Import a leaked-recipient list (CSV or TSV)
  import messages <mbox|zip|dir|eml> --incident <slug> [--rejects <file>]
                                 Import the sent messages themselves
  import accounts <file> [--rejects <file>]
                                 Import the customer directory (CSV)
  import events <file> --incident <slug> [--rejects <file>]
                                 Import post-leak security events (CSV or JSON lines)

The database is the embedded PGlite in BREACHDESK_DATA_DIR (default .data/),
or PostgreSQL when DATABASE_URL is set.`;

type Handler = (ctx: CommandContext, values: Record<string, string | boolean | undefined>, positionals: string[]) => Promise<unknown>;

const COMMANDS: Record<string, { options: Record<string, { type: "string" | "boolean" }>; positionals?: number; run: Handler }> = {
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
};

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    process.stderr.write(`${USAGE}\n`);
    return argv.length === 0 ? 2 : 0;
  }
  const name = argv.slice(0, 2).join(" ");
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`breachdesk: unknown command "${argv.slice(0, 2).join(" ")}"\n\n${USAGE}\n`);
    return 2;
  }
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv.slice(2),
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
    return 0;
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
