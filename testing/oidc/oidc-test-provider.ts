// A real OpenID Connect provider for directory sign-in's tests: the `oidc-provider` package (a certified
// OpenID Provider implementation) on a loopback HTTPS port with the test PKI's certificate, its own signing
// key, users with passwords and a `groups` claim, and a plain login form. Consent is granted without a
// page, as an organisation's provider does for its own applications.
//   npx tsx testing/oidc/oidc-test-provider.ts   (prints its issuer; Ctrl-C stops it)

import { generateKeyPairSync, type JsonWebKey, type KeyObject, randomBytes, sign } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import Provider, { type Configuration } from "oidc-provider";
import { ensurePki } from "@/ews-simulator/pki/pki";

export interface OidcTestUser {
  /** What the login form takes. */
  username: string;
  password: string;
  /** The stable subject identifier. */
  sub: string;
  email: string;
  emailVerified: boolean;
  name: string;
  groups: string[];
}

export interface OidcTestClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

/**
 * How the token endpoint's ID token is spoiled, for tests of a client's checks: re-signed with the
 * provider's own key but for another audience, issuer or nonce, or already expired; its payload changed
 * after signing (bad signature); or signed by a key the provider never published, under its key id.
 */
export type IdTokenTampering =
  | "wrong-audience"
  | "wrong-issuer"
  | "wrong-nonce"
  | "expired"
  | "bad-signature"
  | "unpublished-key";

export interface OidcTestProvider {
  /** https://localhost:port */
  issuer: string;
  /** The test CA's root, which the provider's certificate chain leads to. */
  caPem: string;
  /** Replaces a user's claims (a group change, an address no longer verified) for the next sign-in. */
  updateUser(username: string, change: Partial<Omit<OidcTestUser, "username">>): void;
  /** Spoils the ID token of every following code exchange (null: back to honest tokens). */
  setIdTokenTampering(mode: IdTokenTampering | null): void;
  stop(): Promise<void>;
}

export const OIDC_TEST_USERS: readonly OidcTestUser[] = [
  {
    username: "olga",
    password: "Provider-Olga-1",
    sub: "0b6c1c3e-olga",
    email: "olga@northwind.example",
    emailVerified: true,
    name: "Olga Owner-Admin",
    groups: ["Slotbridge Admins"],
  },
  {
    username: "pete",
    password: "Provider-Pete-1",
    sub: "5d1e2f40-pete",
    email: "pete@northwind.example",
    emailVerified: true,
    name: "Pete Reception",
    groups: ["Reception"],
  },
  {
    username: "una",
    password: "Provider-Una-1",
    sub: "9a8b7c6d-una",
    email: "una@northwind.example",
    emailVerified: false,
    name: "Una Unverified",
    groups: ["Reception"],
  },
];

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(input: { uid: string; error?: string }): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head><body>
<h1>Northwind sign-in</h1>${input.error ? `<p role="alert">${escapeHtml(input.error)}</p>` : ""}
<form method="post" action="/interaction/${escapeHtml(input.uid)}/login">
<label>Username <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button></form></body></html>`;
}

const SIGNING_KEY_ID = "test-signing-key";

function signJwt(input: { header: Record<string, unknown>; payload: Record<string, unknown>; key: KeyObject }) {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const signed = `${part(input.header)}.${part(input.payload)}`;
  return `${signed}.${sign("sha256", Buffer.from(signed), input.key).toString("base64url")}`;
}

/** The ID token `mode` asks for, made from the honest one. */
function tamper(input: { idToken: string; mode: IdTokenTampering; key: KeyObject }): string {
  const [header, payload, signature] = input.idToken.split(".");
  const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString()) as Record<string, unknown>;
  const headerJson = JSON.parse(Buffer.from(header ?? "", "base64url").toString()) as Record<string, unknown>;
  const now = Math.floor(Date.now() / 1000);
  switch (input.mode) {
    case "bad-signature":
      return `${header}.${Buffer.from(JSON.stringify({ ...claims, email: "mallory@northwind.example" })).toString("base64url")}.${signature}`;
    case "unpublished-key":
      return signJwt({
        header: headerJson,
        payload: claims,
        key: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey,
      });
    case "wrong-audience":
      return signJwt({ header: headerJson, payload: { ...claims, aud: "another-client" }, key: input.key });
    case "wrong-issuer":
      return signJwt({ header: headerJson, payload: { ...claims, iss: "https://impostor.example" }, key: input.key });
    case "wrong-nonce":
      return signJwt({ header: headerJson, payload: { ...claims, nonce: "not-the-clients-nonce" }, key: input.key });
    case "expired":
      return signJwt({ header: headerJson, payload: { ...claims, iat: now - 7200, exp: now - 3600 }, key: input.key });
  }
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  let body = "";
  for await (const chunk of request) {
    body += String(chunk);
    if (body.length > 10_000) throw new Error("form too large");
  }
  return new URLSearchParams(body);
}

/** Starts the provider with `clients` registered (confidential clients, authorization code flow with PKCE). */
export async function startOidcProvider(input: {
  clients: OidcTestClient[];
  users?: readonly OidcTestUser[];
  pkiDir?: string;
}): Promise<OidcTestProvider> {
  const pki = await ensurePki({ dir: input.pkiDir });
  const users = new Map((input.users ?? OIDC_TEST_USERS).map((user) => [user.username, { ...user }]));
  const bySub = (sub: string) => [...users.values()].find((user) => user.sub === sub);
  const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const signingKey = privateKey.export({ format: "jwk" }) as JsonWebKey;
  let tampering: IdTokenTampering | null = null;

  let handle: ((request: IncomingMessage, response: ServerResponse) => void) | undefined;
  const server: Server = createServer(
    { key: pki.credentials.valid.keyPem, cert: pki.credentials.valid.certChainPem },
    (request, response) => handle?.(request, response),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `https://localhost:${(server.address() as AddressInfo).port}`;

  const configuration: Configuration = {
    clients: input.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: client.redirectUris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    })),
    jwks: { keys: [{ ...signingKey, kid: SIGNING_KEY_ID, use: "sig", alg: "RS256" }] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name"],
      groups: ["groups"],
    },
    scopes: ["openid", "email", "profile", "groups"],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // The claims asked for through scopes go into the ID token too, as ADFS and Entra ID put them there.
    conformIdTokenClaims: false,
    findAccount: async (_ctx, sub) => {
      const user = bySub(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: user.email,
          email_verified: user.emailVerified,
          name: user.name,
          groups: user.groups,
        }),
      };
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: unknown } | undefined;
    if (tampering && ctx.path === "/token" && typeof body?.id_token === "string") {
      ctx.body = { ...body, id_token: tamper({ idToken: body.id_token, mode: tampering, key: privateKey }) };
    }
  });
  const callback = provider.callback();

  async function interaction(request: IncomingMessage, response: ServerResponse, uid: string, action?: string) {
    const details = await provider.interactionDetails(request, response);
    if (details.uid !== uid) throw new Error("interaction mismatch");
    if (details.prompt.name === "login") {
      if (action !== "login" || request.method !== "POST") {
        response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(loginPage({ uid }));
        return;
      }
      const form = await readForm(request);
      const user = users.get(form.get("username") ?? "");
      if (!user || user.password !== form.get("password")) {
        response
          .writeHead(200, { "content-type": "text/html; charset=utf-8" })
          .end(loginPage({ uid, error: "Wrong username or password." }));
        return;
      }
      await provider.interactionFinished(request, response, { login: { accountId: user.sub } });
      return;
    }
    // Consent: grant what the client asked for, without a page.
    const accountId = details.session?.accountId;
    const clientId = String(details.params.client_id ?? "");
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId, clientId });
    if (!grant) throw new Error("no grant");
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant.save();
    await provider.interactionFinished(request, response, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  handle = (request, response) => {
    const match = /^\/interaction\/([\w-]+)(?:\/(login))?$/.exec(new URL(request.url ?? "/", issuer).pathname);
    if (!match) {
      callback(request, response);
      return;
    }
    interaction(request, response, match[1] ?? "", match[2]).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(400, { "content-type": "text/plain" });
      response.end(`interaction failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  };

  return {
    issuer,
    caPem: pki.caPem,
    updateUser(username, change) {
      const user = users.get(username);
      if (!user) throw new Error(`no provider user ${username}`);
      Object.assign(user, change);
    },
    setIdTokenTampering(mode) {
      tampering = mode;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const redirect = process.env.OIDC_REDIRECT_URI ?? "http://localhost:3000/api/auth/callback/directory";
  const provider = await startOidcProvider({
    clients: [{ clientId: "slotbridge", clientSecret: "test-client-secret", redirectUris: [redirect] }],
  });
  console.log(`issuer ${provider.issuer}\nclient slotbridge / test-client-secret, redirect ${redirect}`);
  const stopAll = () => void provider.stop().then(() => process.exit(0));
  process.on("SIGINT", stopAll);
  process.on("SIGTERM", stopAll);
}
