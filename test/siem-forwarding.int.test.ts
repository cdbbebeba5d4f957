import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseForwardedLine } from "../lib/siem/parse-forwarded";
import { appendAuditEntries } from "../server/audit/record-audit";
import { verifyAuditChain } from "../server/audit/verify-audit-chain";
import type { Db } from "../server/db";
import { addForwardDestination, listForwardDestinations } from "../server/siem/manage-destinations";
import { drainAuditForwarding } from "../server/workers/work";
import { crashTestDatabase, crashWorkSettings, requestCrashTestBulkAction } from "./crash-database";
import { resetTestDb, testDbKinds } from "./db";
import { startRsyslog, type Rsyslog } from "./rsyslog";
import { breachdesk } from "./run-cli";
import { selfSignedCert, type SelfSignedCert } from "./self-signed-cert";
import { startCollector, type Collector } from "./siem-collector";

// Audit forwarding against real receivers: Debian's rsyslog (TCP, and TLS with
// the test's own CA pinned) started here, and a local HTTPS collector speaking
// Splunk HEC and Elastic _bulk with injected faults. The forwarding worker is
// a real process SIGKILLed between sending a batch and moving its cursor; what
// rsyslog wrote to its file is the judge: every entry, in order, the only
// repeat being the batch in flight at the kill.

const BATCH = 10;

describe.each(testDbKinds())("audit forwarding on %s", { timeout: 240_000 }, (kind) => {
  let dir: string;
  let cert: SelfSignedCert;
  let rsyslog: Rsyslog;
  let collector: Collector;
  let env: Record<string, string>;
  const database = crashTestDatabase(kind, "siem forwarding test");
  const withDb = database.withDb;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "breachdesk-siem-"));
    cert = selfSignedCert(dir);
    rsyslog = await startRsyslog(dir, cert);
    collector = await startCollector(cert);
    await database.open({
      ...crashWorkSettings(5),
      BREACHDESK_SIEM_BATCH_SIZE: String(BATCH),
      BREACHDESK_SIEM_RETRY_BASE_SECONDS: "0.05",
      BREACHDESK_SIEM_BREAKER_FAILURES: "3",
    });
    env = database.env;
  });
  afterAll(async () => {
    await rsyslog?.stop();
    await collector?.close();
    await database.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function headId(db: Db): Promise<number> {
    const [head] = await db.sql.query<{ last_id: number }>(`SELECT last_id FROM audit_chain_head WHERE id = 1`);
    return Number(head?.last_id ?? 0);
  }

  async function createAdmin(db: Db): Promise<{ id: string; email: string }> {
    const user = await db.prisma.staffUser.create({
      data: { email: `siem-admin-${Date.now()}@breachdesk.test`, name: "Ada Admin", role: "admin", passwordHash: "x" },
    });
    return { id: user.id, email: user.email };
  }

  /** `n` plain entries appended in one transaction. */
  async function writeEntries(db: Db, n: number, label: string): Promise<void> {
    await db.sql.transaction((tx) =>
      appendAuditEntries(
        tx,
        Array.from({ length: n }, (_, i) => ({
          actor: null,
          action: `test.${label}`,
          targetType: "test",
          targetId: String(i),
          detail: { i, label },
        })),
      ),
    );
  }

  function ids(lines: string[]): number[] {
    return lines.map((line) => {
      const entry = parseForwardedLine(line);
      expect(entry, line).not.toBeNull();
      return entry!.id;
    });
  }

  it("syslog over TLS: the forwarder killed between send and cursor commit; restarted, every entry arrived in order, the only repeat the batch in flight; verify --against passes, then names a tampered entry", async () => {
    const analyst = await withDb(async (db) => {
      const { requesterEmail } = await requestCrashTestBulkAction(db, 30, { kind: "password_reset" });
      await createAdmin(db);
      return requesterEmail;
    });
    const caFile = path.join(dir, "ca.pem");
    await writeFile(caFile, cert.cert);
    const addArgs = [
      "siem",
      "add",
      "--name",
      "rsyslog-tls",
      "--kind",
      "syslog_tls",
      "--host",
      "127.0.0.1",
      "--port",
      String(rsyslog.tlsPort),
      "--ca",
      caFile,
    ];
    // Only an admin configures forwarding.
    const refused = await breachdesk(env, [...addArgs, "--as", analyst]);
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toMatch(/does not allow configuring audit forwarding/);
    const added = await breachdesk(env, addArgs);
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout.trim().split("\n").at(-1)!)).toMatchObject({
      name: "rsyslog-tls",
      kind: "syslog_tls",
      hasCa: true,
      cursorId: 0,
    });

    const killed = await breachdesk(env, ["worker", "--drain"], "siem-sent");
    expect(killed.crashed, killed.stderr).toBe(true);
    expect(killed.signal).toBe("SIGKILL");
    const again = await breachdesk(env, ["worker", "--drain"]);
    expect(again.code, again.stderr).toBe(0);

    const head = await withDb(async (db) => {
      expect((await verifyAuditChain(db.sql)).ok).toBe(true);
      const [d] = await listForwardDestinations(db);
      expect(d).toMatchObject({ name: "rsyslog-tls", lag: 0, state: "ok" });
      return headId(db);
    });
    expect(head).toBeGreaterThan(3 * BATCH);
    const lines = await rsyslog.waitForLines(rsyslog.tlsFile, head);
    const received = ids(lines);
    // Every entry, in order, once; then possibly one repeat: the batch sent just before the kill.
    const firstSeen = received.filter((id, i) => received.indexOf(id) === i);
    expect(firstSeen).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    const drops = received.flatMap((id, i) => (i > 0 && id <= received[i - 1]! ? [i] : []));
    // The kill fell after the second batch was sent and before its cursor moved: that batch, and only it, came twice.
    expect(drops).toHaveLength(1);
    const at = drops[0]!;
    expect(received.length - head).toBe(BATCH);
    expect(received.slice(at, at + BATCH)).toEqual(received.slice(at - BATCH, at));
    expect(received.slice(at, at + BATCH)).toEqual(Array.from({ length: BATCH }, (_, i) => BATCH + 1 + i));
    // Every line is an RFC 5424 message from breachdesk with the chain in its structured data.
    expect(lines[0]).toMatch(
      /^<110>1 \S+ \S+ breachdesk - \S+ \[breachdesk@32473 id="1" hash="[0-9a-f]{64}" prev="0{64}"/,
    );

    const status = await breachdesk(env, ["siem", "status"]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stderr).toMatch(
      /rsyslog-tls \(syslog_tls, 127\.0\.0\.1:\d+\): ok, forwarded up to entry \d+, 0 behind/,
    );

    const verified = await breachdesk(env, ["audit", "verify", "--against", rsyslog.tlsFile]);
    expect(verified.code, verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout.trim().split("\n").at(-1)!).siem).toMatchObject({ ok: true, compared: head });

    // Someone with the owner's rights edits entry 7 (past the append-only trigger).
    await withDb((db) =>
      db.sql.transaction(async (tx) => {
        await tx.exec(`SET LOCAL session_replication_role = replica`);
        await tx.query(`UPDATE audit_log SET detail = '{"rewritten": true}' WHERE id = 7`);
      }),
    );
    const tampered = await breachdesk(env, ["audit", "verify", "--against", rsyslog.tlsFile]);
    expect(tampered.code).toBe(1);
    expect(JSON.parse(tampered.stdout.trim().split("\n").at(-1)!).siem.firstDifference).toMatchObject({
      id: 7,
      problem: "hash-differs",
    });
    expect(tampered.stderr).toMatch(/DIFFER at entry 7/);
  });

  it("syslog over plain TCP: entries written while forwarding runs arrive in chain order, each once", async () => {
    const head = await withDb(async (db) => {
      await resetTestDb(db);
      const admin = await createAdmin(db);
      await writeEntries(db, 25, "first");
      await addForwardDestination(
        db,
        { name: "rsyslog-tcp", kind: "syslog_tcp", host: "127.0.0.1", port: rsyslog.tcpPort },
        admin,
      );
      await drainAuditForwarding(db);
      await writeEntries(db, 17, "second");
      await drainAuditForwarding(db);
      return headId(db);
    });
    const received = ids(await rsyslog.waitForLines(rsyslog.tcpFile, head));
    expect(received).toEqual(Array.from({ length: head }, (_, i) => i + 1));
  });

  it("syslog over TLS with another CA pinned: refused, retried with backoff, then the breaker opens; nothing counts as sent", async () => {
    const otherDir = await mkdtemp(path.join(tmpdir(), "breachdesk-siem-other-ca-"));
    try {
      const otherCa = selfSignedCert(otherDir).cert;
      const [view] = await withDb(async (db) => {
        await resetTestDb(db);
        const admin = await createAdmin(db);
        await writeEntries(db, 5, "pinned");
        await addForwardDestination(
          db,
          { name: "wrong-ca", kind: "syslog_tls", host: "127.0.0.1", port: rsyslog.tlsPort, caPem: otherCa },
          admin,
        );
        await drainAuditForwarding(db);
        return listForwardDestinations(db);
      });
      expect(view).toMatchObject({ state: "breaker-open", cursorId: 0, forwarded: 0, failuresInARow: 3 });
      expect(view!.lastError).toMatch(/self.signed|certificate|signature/i);
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  it("Splunk HEC and Elastic _bulk over HTTPS: 503, 429 and a refused item are retried with backoff; every entry arrives; an Elastic resend stores nothing twice", async () => {
    collector.fail({ status: 503 }, { status: 429, retryAfter: "0" });
    const { head, views } = await withDb(async (db) => {
      await resetTestDb(db);
      const admin = await createAdmin(db);
      await writeEntries(db, 33, "https");
      await addForwardDestination(
        db,
        { name: "hec", kind: "splunk_hec", url: collector.url, caPem: cert.cert, token: collector.token },
        admin,
      );
      await drainAuditForwarding(db);
      const afterHec = await listForwardDestinations(db);
      collector.fail({ itemError: "mapper_parsing_exception" });
      await addForwardDestination(
        db,
        {
          name: "elastic",
          kind: "elastic_bulk",
          url: `${collector.url}/breachdesk-audit`,
          caPem: cert.cert,
          token: collector.token,
        },
        admin,
      );
      await drainAuditForwarding(db);
      // A resend (as after a crash): Elastic already has those ids.
      await db.sql.query(`UPDATE audit_forward_destinations SET cursor_id = cursor_id - 12 WHERE name = 'elastic'`);
      await drainAuditForwarding(db);
      return { head: await headId(db), views: { afterHec, end: await listForwardDestinations(db) } };
    });
    const hec = views.afterHec.find((d) => d.name === "hec")!;
    expect(hec).toMatchObject({ lag: 0, state: "ok", failuresInARow: 0, hasToken: true });
    expect(hec.lastError).toMatch(/HTTP 429/);
    expect(JSON.stringify(views)).not.toContain(collector.token);
    expect(collector.requests.filter((r) => r.status === 503 || r.status === 429)).toHaveLength(2);
    const hecIds = collector.hecLines.map((line) => parseForwardedLine(line)!.id);
    expect(hecIds).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    expect(views.end.find((d) => d.name === "elastic")).toMatchObject({ lag: 0, state: "ok" });
    expect([...collector.elastic.keys()].map(Number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: head }, (_, i) => i + 1),
    );
    expect(collector.elasticOrder).toHaveLength(head);

    const hecFile = path.join(dir, "hec.jsonl");
    await writeFile(hecFile, `${collector.hecLines.join("\n")}\n`);
    const verified = await breachdesk(env, ["audit", "verify", "--against", hecFile]);
    expect(verified.code, verified.stderr).toBe(0);
  });
});
