import { spawn, type ChildProcess } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { connect, createServer } from "node:net";
import path from "node:path";
import type { SelfSignedCert } from "./self-signed-cert";

// Debian's rsyslog as the SIEM's syslog receiver, started by the test on free
// loopback ports with a generated configuration: a plain TCP listener and a
// TLS one (gtls, the test's self-signed certificate), both with octet-counted
// framing, each writing the raw messages it receives to its own file. Runs in
// the foreground (-n) with its own work folder and pid file: no root, no
// system configuration.

export type Rsyslog = {
  tcpPort: number;
  tlsPort: number;
  tcpFile: string;
  tlsFile: string;
  /** The lines a file holds now. */
  lines(file: string): Promise<string[]>;
  /** Waits (bounded) until the file holds at least `count` lines. */
  waitForLines(file: string, count: number): Promise<string[]>;
  /** The same for a file too large to read as one string (a benchmark's), counting as it streams. */
  waitForLineCount(file: string, count: number, limitMs: number): Promise<number>;
  stop(): Promise<void>;
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Newlines in a file, streamed (a million forwarded entries are more than one string can hold). */
function countLines(file: string): Promise<number> {
  return new Promise((resolve) => {
    let n = 0;
    createReadStream(file)
      .on("data", (chunk: Buffer | string) => {
        const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
        for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) n += 1;
      })
      .on("end", () => resolve(n))
      .on("error", () => resolve(0));
  });
}

async function until<T>(what: string, probe: () => Promise<T | null>, limitMs = 30_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, limitMs > 60_000 ? 1_000 : 50));
  }
}

export async function startRsyslog(dir: string, cert: SelfSignedCert): Promise<Rsyslog> {
  const work = path.join(dir, "rsyslog-work");
  await mkdir(work, { recursive: true });
  const [tcpPort, tlsPort] = [await freePort(), await freePort()];
  const tcpFile = path.join(dir, "tcp.log");
  const tlsFile = path.join(dir, "tls.log");
  const config = path.join(dir, "rsyslog.conf");
  await writeFile(
    config,
    `global(workDirectory="${work}" maxMessageSize="256k")
module(load="imtcp" maxSessions="100")
template(name="raw" type="string" string="%rawmsg%\\n")
input(type="imtcp" address="127.0.0.1" port="${tcpPort}" ruleset="tcp" supportOctetCountedFraming="on")
input(type="imtcp" address="127.0.0.1" port="${tlsPort}" ruleset="tls" supportOctetCountedFraming="on"
      streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon"
      streamDriver.CAFile="${cert.certFile}" streamDriver.CertFile="${cert.certFile}" streamDriver.KeyFile="${cert.keyFile}")
ruleset(name="tcp") { action(type="omfile" file="${tcpFile}" template="raw" asyncWriting="off" flushOnTXEnd="on") }
ruleset(name="tls") { action(type="omfile" file="${tlsFile}" template="raw" asyncWriting="off" flushOnTXEnd="on") }
`,
  );
  const child: ChildProcess = spawn("rsyslogd", ["-n", "-f", config, "-i", path.join(dir, "rsyslog.pid")], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  child.on("exit", () => (exited = true));
  await until("rsyslog to listen", async () => {
    if (exited) throw new Error(`rsyslogd exited: ${output}`);
    return (await accepts(tcpPort)) && (await accepts(tlsPort)) ? true : null;
  });
  const lines = async (file: string) => {
    const text = await readFile(file, "utf8").catch(() => "");
    return text.split("\n").filter((line) => line.length > 0);
  };
  return {
    tcpPort,
    tlsPort,
    tcpFile,
    tlsFile,
    lines,
    waitForLines: (file, count) =>
      until(`${count} lines in ${path.basename(file)}`, async () => {
        const now = await lines(file);
        return now.length >= count ? now : null;
      }),
    waitForLineCount: (file, count, limitMs) =>
      until(
        `${count} lines in ${path.basename(file)}`,
        async () => {
          const n = await countLines(file);
          return n >= count ? n : null;
        },
        limitMs,
      ),
    stop: () =>
      new Promise((resolve) => {
        if (exited) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
