import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { toCsvRow } from "../../lib/csv/escape";
import type { Db } from "../../server/db";
import { AppError } from "../../server/errors";
import { assertIncidentOpen } from "../../server/closing/assert-incident-open";
import type { ImportSummary } from "../../server/imports/import-job";
import { detectFormat } from "../../lib/imports/detect-format";
import { importAccounts } from "../../server/imports/import-accounts";
import { importSecurityEvents } from "../../server/imports/import-events";
import { importMessages, type MessageSource } from "../../server/imports/import-messages";
import { importRecipientList } from "../../server/imports/import-recipients";
import { iterateImportRejects } from "../../server/imports/list-import-rejects";
import { withDb, type CommandContext } from "../context";
import { stderrProgress } from "../progress";

type Values = Record<string, string | boolean | undefined>;

function requireString(values: Values, name: string): string {
  const value = values[name];
  if (typeof value !== "string" || value.trim() === "") {
    throw new AppError("VALIDATION", `Missing --${name}.`, { [name]: "required" });
  }
  return value;
}

function openInput(file: string): { stream: fs.ReadStream; size: number; name: string } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new AppError("VALIDATION", `Cannot read ${file}: no such file.`);
  }
  if (!stat.isFile()) throw new AppError("VALIDATION", `${file} is not a file.`);
  return { stream: fs.createReadStream(file, { highWaterMark: 1 << 20 }), size: stat.size, name: path.basename(file) };
}

async function incidentIdBySlug(db: Db, slug: string): Promise<string> {
  const incident = await db.prisma.incident.findUnique({ where: { slug }, select: { id: true, status: true, closedAt: true } });
  if (!incident) throw new AppError("NOT_FOUND", `No incident "${slug}". Create it with: breachdesk incident create --slug ${slug} ...`);
  // A closed incident is read-only from the command line as in the app.
  assertIncidentOpen(incident);
  return incident.id;
}

async function writeRejects(db: Db, importId: string, file: string): Promise<void> {
  const out = fs.createWriteStream(file);
  out.write(toCsvRow(["line", "reason", "raw"]));
  for await (const reject of iterateImportRejects(db, importId)) {
    if (!out.write(toCsvRow([reject.line, reject.reason, reject.raw]))) await once(out, "drain");
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

async function finishCommand(ctx: CommandContext, db: Db, values: Values, summary: ImportSummary) {
  if (typeof values.rejects === "string") {
    await writeRejects(db, summary.importId, values.rejects);
    ctx.log(`Rejected rows written to ${values.rejects}.`);
  }
  ctx.log(
    `Done in ${(summary.ms / 1000).toFixed(1)} s: ${summary.rows} rows, ${summary.imported} imported, ${summary.duplicates} duplicates, ${summary.rejected} rejected.`,
  );
  return summary;
}

export async function runImportRecipients(ctx: CommandContext, values: Values, positionals: string[]) {
  const file = positionals[0];
  if (!file) throw new AppError("VALIDATION", "Give the file to import: breachdesk import recipients <file> --incident <slug>");
  const slug = requireString(values, "incident");
  const input = openInput(file);
  return withDb(ctx, async (db) => {
    const incidentId = await incidentIdBySlug(db, slug);
    const summary = await importRecipientList(db, {
      incidentId,
      fileName: input.name,
      bytesTotal: input.size,
      source: input.stream,
      addressColumn: typeof values.column === "string" ? values.column : undefined,
      actor: null,
      onProgress: stderrProgress(input.size),
    });
    return finishCommand(ctx, db, values, summary);
  });
}

function headOf(file: string): Buffer {
  const fd = fs.openSync(file, "r");
  try {
    const buffer = Buffer.alloc(4096);
    const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

export async function runImportMessages(ctx: CommandContext, values: Values, positionals: string[]) {
  const target = positionals[0];
  if (!target) throw new AppError("VALIDATION", "Give the mbox file, .eml file, .zip or folder: breachdesk import messages <path> --incident <slug>");
  const slug = requireString(values, "incident");
  let source: MessageSource;
  let size: number | null = null;
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
    source = { kind: "dir", path: target };
  } else {
    const input = openInput(target);
    size = input.size;
    const format = detectFormat(input.name, headOf(target));
    if (format === "zip") {
      input.stream.destroy();
      source = { kind: "zip", path: target };
    } else if (format === "mbox" || format === "eml") {
      source = { kind: format, stream: input.stream };
    } else {
      input.stream.destroy();
      throw new AppError("VALIDATION", `${target} is not an mbox file, an .eml message, a .zip of .eml files or a folder.`);
    }
  }
  return withDb(ctx, async (db) => {
    const incidentId = await incidentIdBySlug(db, slug);
    const summary = await importMessages(db, {
      incidentId,
      fileName: path.basename(target),
      bytesTotal: size,
      source,
      actor: null,
      onProgress: stderrProgress(size),
    });
    return finishCommand(ctx, db, values, summary);
  });
}

export async function runImportAccounts(ctx: CommandContext, values: Values, positionals: string[]) {
  const file = positionals[0];
  if (!file) throw new AppError("VALIDATION", "Give the file to import: breachdesk import accounts <file>");
  const input = openInput(file);
  return withDb(ctx, async (db) => {
    const summary = await importAccounts(db, {
      fileName: input.name,
      bytesTotal: input.size,
      source: input.stream,
      actor: null,
      onProgress: stderrProgress(input.size),
    });
    return finishCommand(ctx, db, values, summary);
  });
}

export async function runImportEvents(ctx: CommandContext, values: Values, positionals: string[]) {
  const file = positionals[0];
  if (!file) throw new AppError("VALIDATION", "Give the file to import: breachdesk import events <file> --incident <slug>");
  const slug = requireString(values, "incident");
  const input = openInput(file);
  const format = detectFormat(input.name, headOf(file)) === "jsonl" ? "jsonl" : "csv";
  return withDb(ctx, async (db) => {
    const incidentId = await incidentIdBySlug(db, slug);
    const summary = await importSecurityEvents(db, {
      incidentId,
      fileName: input.name,
      bytesTotal: input.size,
      format,
      source: input.stream,
      actor: null,
      onProgress: stderrProgress(input.size),
    });
    return finishCommand(ctx, db, values, summary);
  });
}
