import fs from "node:fs/promises";
import { deriveAuditKey } from "../../lib/audit/chain";
import { verifyPack, type PackVerification } from "../../lib/evidence/verify-pack";
import { unzipFiles } from "../../lib/evidence/zip";
import { AppError } from "../../server/errors";
import type { CommandContext } from "../context";

export type EvidenceVerifyOutput = PackVerification extends infer V
  ? V extends { ok: true }
    ? Omit<V, "manifest"> & { incident: string; madeAt: string }
    : V
  : never;

async function readText(path: string, option: string): Promise<string> {
  try {
    return await fs.readFile(path, "utf8");
  } catch (error) {
    throw new AppError("VALIDATION", `--${option}: cannot read ${path} (${(error as NodeJS.ErrnoException).code})`, {
      [option]: "a readable file",
    });
  }
}

/**
 * `breachdesk evidence verify <zip> [--key <pem>] [--audit-secret <file>]`:
 * checks an evidence pack offline, touching no database: the manifest's
 * Ed25519 signature (against the pinned key, else the pack's own, with a
 * warning), each file's SHA-256, no file missing or extra, and the audit
 * segment (order, links between adjacent entries, SHA-256 entries' content;
 * keyed entries' HMACs and the head's only with the audit secret). The last
 * stdout line is the result; exit 1 on the first failure (main.ts).
 */
export async function runEvidenceVerify(
  ctx: CommandContext,
  values: Record<string, string | boolean | undefined>,
  positionals: string[],
): Promise<EvidenceVerifyOutput> {
  const zipPath = positionals[0];
  if (!zipPath) throw new AppError("VALIDATION", "Name the pack: evidence verify <zip>", { zip: "required" });
  const pinnedKeyPem = typeof values.key === "string" ? await readText(values.key, "key") : undefined;
  const secret =
    typeof values["audit-secret"] === "string"
      ? (await readText(values["audit-secret"], "audit-secret")).trim()
      : undefined;
  let files: Map<string, Buffer>;
  try {
    files = await unzipFiles(await fs.readFile(zipPath));
  } catch (error) {
    const result = {
      ok: false as const,
      failure: `${zipPath}: not a readable zip (${(error as Error).message})`,
      warnings: [],
    };
    ctx.log(`FAILED: ${result.failure}`);
    return result;
  }
  const result = verifyPack(files, { pinnedKeyPem, auditKey: secret ? deriveAuditKey(secret) : undefined });
  for (const warning of result.warnings) ctx.log(`warning: ${warning}`);
  if (!result.ok) {
    ctx.log(`FAILED: ${result.failure}`);
    return result;
  }
  const { manifest, ...rest } = result;
  const a = rest.audit;
  ctx.log(
    `OK: ${manifest.incident.slug}, made ${manifest.madeAt} (${manifest.reason}); signature by key ${rest.key.id}` +
      `${rest.key.pinned ? " (pinned)" : " (the pack's own, not pinned)"}; ${rest.files} files match the manifest; ` +
      `audit segment: ${a.entries} entries in chain order, ${a.hashesRecomputed} hashes recomputed, ` +
      `${a.linksChecked} links between adjacent entries checked, ${a.hashesNotCheckable} keyed entries not recomputable without the audit secret` +
      `${a.headMacChecked ? ", head HMAC checked" : ""}.`,
  );
  return { ...rest, incident: manifest.incident.slug, madeAt: manifest.madeAt };
}
