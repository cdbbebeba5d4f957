import { createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import { auditEntryHash, auditEntryMac, auditHeadMac, GENESIS_HASH } from "../audit/chain";
import { assemblePack } from "./assemble-pack";
import { auditSegmentText, type AuditEntryLine, type AuditHeadLine } from "./audit-segment";
import { AUDIT_FILE, MANIFEST_FILE, SIGNATURE_FILE, type PackFile } from "./manifest";
import { verifyPack } from "./verify-pack";
import { unzipFiles, zipFiles } from "./zip";

const INCIDENT = "00000000-0000-4000-8000-0000000000aa";
const AUDIT_KEY = Buffer.alloc(32, 9);
const { privateKey } = generateKeyPairSync("ed25519");
const pemOf = (key: KeyObject) => createPublicKey(key).export({ type: "spki", format: "pem" }).toString();
const signerPem = () => pemOf(privateKey);
const otherPem = () => pemOf(generateKeyPairSync("ed25519").privateKey);

// Entries 1-2 from before the audit key (SHA-256), 3-5 keyed; 4 belongs to
// another incident, so the segment holds 1, 2, 3 and 5.
function auditText(): string {
  const entries: AuditEntryLine[] = [];
  let previous = GENESIS_HASH;
  for (let id = 1; id <= 5; id++) {
    const content = {
      id,
      at: new Date(Date.UTC(2026, 11, 1, 0, id)),
      actorId: null,
      actorEmail: "analyst@breachdesk.test",
      action: `test.entry_${id}`,
      incidentId: id === 4 ? "00000000-0000-4000-8000-0000000000bb" : INCIDENT,
      targetType: "incident",
      targetId: INCIDENT,
      detail: { n: id, nested: { b: 1, a: [id] } },
      ip: null,
    };
    const keyed = id >= 3;
    const hash = keyed ? auditEntryMac(AUDIT_KEY, previous, content) : auditEntryHash(previous, content);
    if (id !== 4)
      entries.push({ kind: "entry", ...content, at: content.at.toISOString(), prevHash: previous, hash, keyed });
    previous = hash;
  }
  const head: AuditHeadLine = {
    kind: "head",
    lastId: 5,
    hash: previous,
    keyedFrom: 3,
    mac: auditHeadMac(AUDIT_KEY, { lastId: 5, hash: previous, keyedFrom: 3 }),
    chain: { ok: true, entries: 5, firstBad: null },
  };
  return auditSegmentText(entries, head);
}

function contents(audit = auditText()): PackFile[] {
  return [
    { name: "report.pdf", data: Buffer.from("%PDF-1.3 not really") },
    { name: "timeline.json", data: Buffer.from("[]") },
    { name: "obligations.json", data: Buffer.from("[]") },
    { name: "bulk-actions.json", data: Buffer.from("[]") },
    { name: "notice-campaigns.json", data: Buffer.from("[]") },
    { name: AUDIT_FILE, data: Buffer.from(audit) },
  ];
}

const META = {
  instanceUrl: "https://breachdesk.test",
  incident: { id: INCIDENT, slug: "demo", title: "Demo" },
  madeAt: "2026-12-05T23:00:00.000Z",
  reason: "close" as const,
};

function pack(audit?: string): Map<string, Buffer> {
  return new Map(assemblePack(contents(audit), META, privateKey).map((f) => [f.name, f.data]));
}

function failure(files: Map<string, Buffer>, options: Parameters<typeof verifyPack>[1] = {}): string {
  const result = verifyPack(files, options);
  expect(result.ok).toBe(false);
  return result.ok ? "" : result.failure;
}

describe("an evidence pack's verification", () => {
  it("passes an untouched pack through a zip, and says what it could not check without the keys", async () => {
    const files = await unzipFiles(await zipFiles(assemblePack(contents(), META, privateKey), new Date()));
    const result = verifyPack(files);
    expect(result).toMatchObject({ ok: true, files: 7, key: { pinned: false } });
    if (!result.ok) return;
    expect(result.audit).toMatchObject({
      entries: 4,
      hashesRecomputed: 2,
      hashesNotCheckable: 2,
      linksChecked: 2,
      lastEntryIsHead: true,
      headMacChecked: false,
    });
    expect(result.warnings.join("\n")).toMatch(/pin the instance's key/);
    expect(result.warnings.join("\n")).toMatch(/2 keyed audit entries/);
  });

  it("checks against a pinned key, and with the audit key recomputes every entry and the head", () => {
    const result = verifyPack(pack(), { pinnedKeyPem: signerPem(), auditKey: AUDIT_KEY });
    expect(result).toMatchObject({ ok: true, key: { pinned: true }, warnings: [] });
    if (result.ok)
      expect(result.audit).toMatchObject({ hashesRecomputed: 4, hashesNotCheckable: 0, headMacChecked: true });
  });

  it("refuses a pack signed by another key than the pinned one", () => {
    expect(failure(pack(), { pinnedKeyPem: otherPem() })).toMatch(/^manifest\.sig: the signature does not match/);
  });

  it("names a file with one byte changed", () => {
    const files = pack();
    const pdf = Buffer.from(files.get("report.pdf")!);
    pdf[3] = pdf[3]! ^ 1;
    files.set("report.pdf", pdf);
    expect(failure(files)).toBe("report.pdf: its SHA-256 differs from the manifest's");
  });

  it("names a manifest with one byte changed", () => {
    const files = pack();
    files.set(MANIFEST_FILE, Buffer.from(files.get(MANIFEST_FILE)!.toString().replace('"demo"', '"demx"')));
    expect(failure(files)).toMatch(/^manifest\.sig: the signature does not match manifest\.json/);
  });

  it("names a dropped file, an extra one and a missing signature", () => {
    const dropped = pack();
    dropped.delete("obligations.json");
    expect(failure(dropped)).toBe("obligations.json is missing (listed in the manifest)");
    const extra = pack();
    extra.set("notes.txt", Buffer.from("hello"));
    expect(failure(extra)).toBe("notes.txt: an extra file, not in the manifest");
    const unsigned = pack();
    unsigned.delete(SIGNATURE_FILE);
    expect(failure(unsigned)).toBe("manifest.sig is missing");
  });

  it("names reordered audit lines: the file's hash, and the order itself when the pack was signed so", () => {
    const lines = auditText().split("\n");
    [lines[1], lines[2]] = [lines[2]!, lines[1]!];
    const reordered = lines.join("\n");
    const files = pack();
    files.set(AUDIT_FILE, Buffer.from(reordered));
    expect(failure(files)).toBe("audit.jsonl: its SHA-256 differs from the manifest's");
    // Signed that way (a fault when the pack was made): the segment check names it.
    expect(failure(pack(reordered))).toBe("audit.jsonl: entry 2: comes after entry 3, not in chain order");
  });

  it("names an audit entry whose content no longer matches its hash, and a broken link", () => {
    const edited = auditText().replace('"action":"test.entry_2"', '"action":"test.entry_X"');
    expect(failure(pack(edited))).toBe("audit.jsonl: entry 2: edited");
    const keyedEdit = auditText().replace('"action":"test.entry_3"', '"action":"test.entry_X"');
    expect(verifyPack(pack(keyedEdit)).ok).toBe(true); // without the audit key only its links are checked
    expect(failure(pack(keyedEdit), { auditKey: AUDIT_KEY })).toMatch(/^audit\.jsonl: entry 3: edited/);
    const lines = auditText().split("\n");
    lines.splice(1, 1); // entry 2 gone: entry 3 follows entry 1
    const relinked = lines.join("\n").replace(/"id":3,/, '"id":2,');
    expect(failure(pack(relinked))).toBe("audit.jsonl: entry 2: broken link to entry 1");
  });

  it("refuses a pack whose server walk found the chain broken", () => {
    const broken = auditText().replace(
      '"chain":{"ok":true,"entries":5,"firstBad":null}',
      '"chain":{"ok":false,"entries":5,"firstBad":{"id":4,"problem":"edited"}}',
    );
    expect(failure(pack(broken))).toBe(
      "audit.jsonl: the server found the audit chain broken when the pack was made (entry 4: edited)",
    );
  });
});
