import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { SimAccount } from "../contract";
import type { AccountStore } from "./account-store";
import { authenticateBasic } from "./basic";
import { getNtlmConnectionState } from "./ntlm-connections";
import {
  buildChallengeMessage,
  parseAuthenticateMessage,
  parseNegotiateMessage,
  type ServerIdentity,
} from "./ntlm-messages";
import { verifyNtlmV2Response } from "./ntlm-verify";

export type AuthScheme = "Basic" | "NTLM" | "Negotiate";

export type AuthOutcome =
  | { kind: "authenticated"; account: SimAccount; scheme: AuthScheme }
  /** Answer 401 with these `WWW-Authenticate` values; `step` says why, for the request log. */
  | { kind: "challenge"; wwwAuthenticate: string[]; step: "no-credentials" | "ntlm-challenge" | "rejected" };

export const SIM_SERVER_IDENTITY: ServerIdentity = {
  netbiosDomain: "CONTOSO",
  netbiosComputer: "EXCH01",
  dnsDomain: "contoso.test",
  dnsComputer: "exch01.contoso.test",
};

export interface Authenticator {
  authenticate(request: IncomingMessage): AuthOutcome;
}

export function createAuthenticator(input: { accounts: AccountStore; now?: () => Date }): Authenticator {
  const { accounts } = input;
  const now = input.now ?? (() => new Date());

  function offerSchemes(request: IncomingMessage, step: "no-credentials" | "rejected"): AuthOutcome {
    // IIS lists every enabled provider; clients pick the strongest they know.
    const realm = (request.headers.host ?? "localhost").replace(/:\d+$/, "");
    return { kind: "challenge", step, wwwAuthenticate: ["Negotiate", "NTLM", `Basic realm="${realm}"`] };
  }

  function authenticateNtlm(args: { request: IncomingMessage; scheme: AuthScheme; token: Buffer }): AuthOutcome {
    const { request, scheme, token } = args;
    const state = getNtlmConnectionState(request.socket);
    const negotiate = parseNegotiateMessage(token);
    if (negotiate) {
      state.pendingChallenge = randomBytes(8);
      state.signedIn = undefined;
      const challenge = buildChallengeMessage({
        challenge: state.pendingChallenge,
        negotiate,
        identity: SIM_SERVER_IDENTITY,
        now: now(),
      });
      return {
        kind: "challenge",
        step: "ntlm-challenge",
        wwwAuthenticate: [`${scheme} ${challenge.toString("base64")}`],
      };
    }
    const serverChallenge = state.pendingChallenge;
    // One attempt per challenge: a replayed or retried type-3 must start over with a new type-1.
    state.pendingChallenge = undefined;
    const message = parseAuthenticateMessage(token);
    if (!serverChallenge || !message) return offerSchemes(request, "rejected");
    const account = accounts.findByLogin({ login: message.user, domain: message.domain });
    const current = account && accounts.findByEmail(account.email);
    if (!current || !verifyNtlmV2Response({ message, serverChallenge, password: current.password })) {
      return offerSchemes(request, "rejected");
    }
    state.signedIn = { email: current.email, credentialVersion: accounts.credentialVersion(current.email) };
    return { kind: "authenticated", account: current, scheme };
  }

  return {
    authenticate(request) {
      const header = request.headers.authorization;
      if (!header) {
        const signedIn = getNtlmConnectionState(request.socket).signedIn;
        const account = signedIn && accounts.findByEmail(signedIn.email);
        if (account && accounts.credentialVersion(account.email) === signedIn.credentialVersion) {
          return { kind: "authenticated", account, scheme: "NTLM" };
        }
        return offerSchemes(request, "no-credentials");
      }
      const [rawScheme = "", token = ""] = header.trim().split(/\s+/, 2);
      const scheme = (["Basic", "NTLM", "Negotiate"] as const).find((s) => s.toLowerCase() === rawScheme.toLowerCase());
      if (scheme === "Basic") {
        const account = authenticateBasic({ token, accounts });
        return account ? { kind: "authenticated", account, scheme } : offerSchemes(request, "rejected");
      }
      if (scheme === "NTLM" || scheme === "Negotiate") {
        // Negotiate carrying a raw NTLMSSP token (no SPNEGO wrapper) is what Windows sends without Kerberos.
        return authenticateNtlm({ request, scheme, token: Buffer.from(token, "base64") });
      }
      return offerSchemes(request, "rejected");
    },
  };
}
