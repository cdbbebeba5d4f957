// The built app as `npm start` serves it, for the benchmarks that measure it
// over HTTP (load-pages.ts, first-run.ts): a free port, the server started
// and waited for, and a password sign-in through next-auth's own callback.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { WEB_NODE_FLAGS } from "../scripts/web-node-flags.mjs";

const root = path.resolve(import.meta.dirname, "..");

/** A port no other program holds right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once the app answers its health check; throws after two minutes. */
export async function waitForHealth(base: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}) before it was up`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill("SIGTERM");
  throw new Error("the app did not start");
}

export async function startServer(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  // As `npm start` runs it (scripts/start.mjs).
  const child = spawn(process.execPath, [...WEB_NODE_FLAGS, path.join(root, "scripts", "serve.mjs")], {
    cwd: root,
    env: { ...env, PORT: String(port), NEXTAUTH_URL: `http://localhost:${port}`, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitForHealth(`http://localhost:${port}`, child);
  return child;
}

/** A browser's cookies, kept from each response's Set-Cookie. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  keep(response: Response): void {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const [name, ...value] = pair!.split("=");
      this.cookies.set(name!, value.join("="));
    }
  }
  has(fragment: string): boolean {
    return [...this.cookies.keys()].some((k) => k.includes(fragment));
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/** Signs in through next-auth's credentials callback, as the login form does; returns the cookie jar. */
export async function signIn(base: string, credentials: { email: string; password: string }): Promise<CookieJar> {
  const jar = new CookieJar();
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  jar.keep(csrf);
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: jar.header(), Origin: base },
    body: new URLSearchParams({ ...credentials, csrfToken, callbackUrl: base, json: "true" }),
  });
  jar.keep(response);
  if (!jar.has("session-token")) throw new Error(`sign-in failed (${response.status})`);
  return jar;
}
