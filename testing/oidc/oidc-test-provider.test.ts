import { createHash, createPublicKey, type JsonWebKey, randomBytes, verify } from "node:crypto";
import { Agent, fetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type IdTokenTampering, type OidcTestProvider, startOidcProvider } from "./oidc-test-provider";

// The test OpenID provider itself: what directory sign-in's tests lean on holds. A client runs the
// authorization code flow with PKCE over HTTPS (trusting only the test CA), signs in through the login
// form, and gets an ID token signed by a key the provider publishes, with the user's groups.

const REDIRECT = "http://localhost:9/callback";
const CLIENT = { clientId: "slotbridge-test", clientSecret: "test-secret-1", redirectUris: [REDIRECT] };

let provider: OidcTestProvider;
let dispatcher: Agent;
beforeAll(async () => {
  provider = await startOidcProvider({ clients: [CLIENT] });
  dispatcher = new Agent({ connect: { ca: provider.caPem } });
});
afterAll(async () => {
  await provider?.stop();
  await dispatcher?.close();
});

const base64url = (buffer: Buffer) => buffer.toString("base64url");

/** Follows redirects by hand, keeping cookies, until the provider sends the browser to the client. */
async function signIn(input: { username: string; password: string; state: string; nonce: string; verifier: string }) {
  const discovery = (await (
    await fetch(`${provider.issuer}/.well-known/openid-configuration`, { dispatcher })
  ).json()) as { authorization_endpoint: string; token_endpoint: string; jwks_uri: string; issuer: string };
  const authorize = new URL(discovery.authorization_endpoint);
  authorize.search = new URLSearchParams({
    client_id: CLIENT.clientId,
    redirect_uri: REDIRECT,
    response_type: "code",
    scope: "openid email profile groups",
    state: input.state,
    nonce: input.nonce,
    code_challenge: base64url(createHash("sha256").update(input.verifier).digest()),
    code_challenge_method: "S256",
  }).toString();

  const cookies = new Map<string, string>();
  const request = async (url: string, init: { method?: string; body?: string } = {}) => {
    const response = await fetch(url, {
      dispatcher,
      redirect: "manual",
      method: init.method ?? "GET",
      body: init.body,
      headers: {
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join("; "),
        ...(init.body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...value] = (pair ?? "").split("=");
      if (name) cookies.set(name.trim(), value.join("="));
    }
    return response;
  };

  let response = await request(authorize.toString());
  let loginPosted = false;
  for (let hops = 0; hops < 10; hops++) {
    const location = response.headers.get("location");
    if (location?.startsWith(REDIRECT)) return { callback: new URL(location), discovery };
    if (location) {
      response = await request(new URL(location, provider.issuer).toString());
      continue;
    }
    const page = await response.text();
    const action = /action="([^"]+)"/.exec(page)?.[1];
    if (!action || loginPosted) return { page, discovery };
    loginPosted = true;
    response = await request(new URL(action, provider.issuer).toString(), {
      method: "POST",
      body: new URLSearchParams({ username: input.username, password: input.password }).toString(),
    });
  }
  throw new Error("too many redirects");
}

function decodeJwt(token: string) {
  const [header, payload, signature] = token.split(".");
  return {
    header: JSON.parse(Buffer.from(header ?? "", "base64url").toString()) as { kid: string; alg: string },
    payload: JSON.parse(Buffer.from(payload ?? "", "base64url").toString()) as Record<string, unknown>,
    signed: Buffer.from(`${header}.${payload}`),
    signature: Buffer.from(signature ?? "", "base64url"),
  };
}

async function exchange(input: { tokenEndpoint: string; code: string; verifier: string }) {
  return fetch(input.tokenEndpoint, {
    dispatcher,
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: input.code,
      redirect_uri: REDIRECT,
      code_verifier: input.verifier,
    }).toString(),
  });
}

/** Signs olga in and exchanges the code: the decoded ID token, and whether the published keys verify it. */
async function idTokenOfSignIn() {
  const flow = {
    state: base64url(randomBytes(16)),
    nonce: base64url(randomBytes(16)),
    verifier: base64url(randomBytes(32)),
  };
  const { callback, discovery } = await signIn({ username: "olga", password: "Provider-Olga-1", ...flow });
  const code = callback?.searchParams.get("code") ?? "";
  const tokens = (await (
    await exchange({ tokenEndpoint: discovery.token_endpoint, code, verifier: flow.verifier })
  ).json()) as {
    id_token: string;
  };
  const idToken = decodeJwt(tokens.id_token);
  const jwks = (await (await fetch(discovery.jwks_uri, { dispatcher })).json()) as { keys: JsonWebKey[] };
  const key = jwks.keys.find((candidate) => candidate.kid === idToken.header.kid);
  const verified =
    key !== undefined && verify("sha256", idToken.signed, createPublicKey({ key, format: "jwk" }), idToken.signature);
  return { flow, code, discovery, idToken, verified };
}

describe("the test OpenID provider (oidc-provider)", () => {
  it("runs the code flow with PKCE and issues a signed ID token with email, verification and groups", async () => {
    const { flow, code, discovery, idToken, verified } = await idTokenOfSignIn();
    expect(idToken.payload).toMatchObject({
      iss: provider.issuer,
      aud: CLIENT.clientId,
      nonce: flow.nonce,
      email: "olga@northwind.example",
      email_verified: true,
      groups: ["Slotbridge Admins"],
    });
    expect(verified).toBe(true);
    // The code is single-use: a second exchange is refused.
    expect((await exchange({ tokenEndpoint: discovery.token_endpoint, code, verifier: flow.verifier })).status).toBe(
      400,
    );
  });

  it("spoils ID tokens on request, each way a client must refuse", async () => {
    try {
      const now = Date.now() / 1000;
      const expectations: Record<IdTokenTampering, (token: Awaited<ReturnType<typeof idTokenOfSignIn>>) => void> = {
        "wrong-audience": ({ idToken, verified }) => {
          expect(idToken.payload.aud).toBe("another-client");
          expect(verified).toBe(true);
        },
        "wrong-issuer": ({ idToken, verified }) => {
          expect(idToken.payload.iss).not.toBe(provider.issuer);
          expect(verified).toBe(true);
        },
        "wrong-nonce": ({ idToken, flow, verified }) => {
          expect(idToken.payload.nonce).not.toBe(flow.nonce);
          expect(verified).toBe(true);
        },
        expired: ({ idToken, verified }) => {
          expect(Number(idToken.payload.exp)).toBeLessThan(now);
          expect(verified).toBe(true);
        },
        "bad-signature": ({ verified }) => expect(verified).toBe(false),
        "unpublished-key": ({ idToken, verified }) => {
          expect(idToken.header.kid).toBe("test-signing-key");
          expect(verified).toBe(false);
        },
      };
      for (const [mode, expectation] of Object.entries(expectations) as [
        IdTokenTampering,
        (typeof expectations)[IdTokenTampering],
      ][]) {
        provider.setIdTokenTampering(mode);
        expectation(await idTokenOfSignIn());
      }
    } finally {
      provider.setIdTokenTampering(null);
    }
    expect((await idTokenOfSignIn()).verified).toBe(true);
  });

  it("refuses a wrong password on its form, and reflects a changed user at the next sign-in", async () => {
    const flow = { state: "s1", nonce: "n1", verifier: base64url(randomBytes(32)) };
    const refused = await signIn({ username: "pete", password: "wrong", ...flow });
    expect(refused.callback).toBeUndefined();
    expect(refused.page).toContain("Wrong username or password.");
    provider.updateUser("pete", { groups: ["Slotbridge Admins"] });
    const accepted = await signIn({ username: "pete", password: "Provider-Pete-1", ...flow });
    expect(accepted.callback?.searchParams.get("code")).toBeTruthy();
  });

  it("is not trusted without the test CA", async () => {
    await expect(fetch(`${provider.issuer}/.well-known/openid-configuration`)).rejects.toThrow();
  });
});
