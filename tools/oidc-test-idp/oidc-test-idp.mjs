// The identity provider of the end-to-end tests: a real OpenID Connect
// provider (the `oidc-provider` package, certified by the OpenID Foundation)
// on a local port, with users held in memory. Breachdesk signs in through it
// with real browser redirects, exactly as it would through Okta, Entra ID or
// Keycloak. Test-only routes under /_test/ add or change users (their groups),
// which is how a test moves someone to another group between two sign-ins.
//
//   node tools/oidc-test-idp/oidc-test-idp.mjs --port 4011 \
//     --redirect-uri http://localhost:3000/api/auth/callback/oidc \
//     --client-id breachdesk-e2e --client-secret <secret>
//
// The login page asks only for a user name (this is a test double: there is
// nothing to protect). A user's `loginAgeSeconds` makes the provider report
// that they authenticated that long ago (auth_time), as a provider does for a
// person with an old session there, unless Breachdesk asks for a fresh
// authentication (prompt=login or max_age=0): that is how step-up is tested.
// A user's `emailVerified` is the email_verified claim sent: true (the
// default), false, or null for none at all (as Entra ID sends).
import { generateKeyPairSync, randomUUID } from "node:crypto";
import http from "node:http";
import { parseArgs } from "node:util";
import Provider from "oidc-provider";

const { values: args } = parseArgs({
  options: {
    port: { type: "string", default: "4011" },
    host: { type: "string", default: "127.0.0.1" },
    "redirect-uri": { type: "string", multiple: true, default: [] },
    "client-id": { type: "string", default: "breachdesk-e2e" },
    "client-secret": { type: "string", default: "breachdesk-e2e-client-secret-0123456789" },
  },
});

const port = Number(args.port);
const issuer = `http://${args.host}:${port}`;

/** @type {Map<string, {email: string, name: string, groups: string[], loginAgeSeconds: number, emailVerified?: boolean | null}>} */
const users = new Map([
  [
    "alice",
    { email: "alice@corp.test", name: "Alice Admin", groups: ["everyone", "secops-admins"], loginAgeSeconds: 0 },
  ],
  ["bob", { email: "bob@corp.test", name: "Bob Analyst", groups: ["everyone", "secops"], loginAgeSeconds: 0 }],
  ["mallory", { email: "mallory@corp.test", name: "Mallory Contractor", groups: ["contractors"], loginAgeSeconds: 0 }],
]);

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: "jwk" }), kid: randomUUID(), alg: "RS256", use: "sig" };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: args["client-id"],
      client_secret: args["client-secret"],
      redirect_uris: args["redirect-uri"],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
      // auth_time in every ID token: Breachdesk's step-up clock for SSO sessions.
      require_auth_time: true,
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomUUID()] },
  scopes: ["openid", "email", "profile", "groups"],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name"],
    groups: ["groups"],
  },
  // Claims in the ID token itself (as Okta, Entra ID and Keycloak can be set to do).
  conformIdTokenClaims: false,
  pkce: { required: () => true, methods: ["S256"] },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  // A first-party application: no consent screen.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope("openid email profile groups");
    await grant.save();
    return grant;
  },
  async findAccount(_ctx, id) {
    const user = users.get(id);
    if (!user) return undefined;
    return {
      accountId: id,
      async claims() {
        const verified = user.emailVerified === undefined ? true : user.emailVerified;
        return {
          sub: id,
          email: user.email,
          ...(verified === null ? {} : { email_verified: verified }),
          name: user.name,
          groups: user.groups,
        };
      },
    };
  },
  renderError(ctx, out) {
    ctx.type = "html";
    ctx.body = `<!doctype html><title>Identity provider error</title><h1>Identity provider error</h1><pre>${escapeHtml(JSON.stringify(out, null, 2))}</pre>`;
  },
});
provider.proxy = false;

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res, status, type, body) {
  res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
  res.end(body);
}

const callback = provider.callback();

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", issuer);
  try {
    const user = /^\/_test\/users\/([\w.-]+)$/.exec(url.pathname);
    if (user && req.method === "PUT") {
      const body = JSON.parse((await readBody(req)) || "{}");
      const previous = users.get(user[1]);
      users.set(user[1], {
        email: body.email ?? previous?.email ?? `${user[1]}@corp.test`,
        name: body.name ?? previous?.name ?? user[1],
        groups: Array.isArray(body.groups) ? body.groups : (previous?.groups ?? []),
        loginAgeSeconds: Number(body.loginAgeSeconds ?? previous?.loginAgeSeconds ?? 0),
        emailVerified: "emailVerified" in body ? body.emailVerified : previous?.emailVerified,
      });
      return send(res, 200, "application/json", JSON.stringify({ id: user[1], ...users.get(user[1]) }));
    }
    if (url.pathname === "/_test/health") return send(res, 200, "application/json", '{"ok":true}');

    const interaction = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
    if (interaction && req.method === "GET" && !interaction[2]) {
      const details = await provider.interactionDetails(req, res);
      return send(
        res,
        200,
        "text/html; charset=utf-8",
        `<!doctype html><html><head><title>Test identity provider: sign in</title></head><body>
<h1>Test identity provider</h1>
<form method="post" action="/interaction/${escapeHtml(details.uid)}/login">
<label>User name <input name="login" autofocus></label>
<button type="submit">Sign in at the identity provider</button>
</form></body></html>`,
      );
    }
    if (interaction && req.method === "POST" && interaction[2]) {
      const details = await provider.interactionDetails(req, res);
      const login = new URLSearchParams(await readBody(req)).get("login") ?? "";
      const account = users.get(login);
      if (!account) return send(res, 400, "text/html; charset=utf-8", "<h1>No such user at the identity provider</h1>");
      const fresh =
        details.params.max_age === "0" ||
        String(details.params.prompt ?? "")
          .split(" ")
          .includes("login");
      const ts = Math.floor(Date.now() / 1000) - (fresh ? 0 : account.loginAgeSeconds);
      return await provider.interactionFinished(
        req,
        res,
        { login: { accountId: login, ts } },
        { mergeWithLastSubmission: false },
      );
    }
    return callback(req, res);
  } catch (error) {
    console.error(error);
    if (!res.headersSent) send(res, 500, "text/plain", String(error?.message ?? error));
  }
});

server.listen(port, args.host, () => {
  console.error(`oidc-test-idp: ${issuer} (client ${args["client-id"]}; redirect ${args["redirect-uri"].join(", ")})`);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
