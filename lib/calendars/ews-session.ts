import "server-only";
import type { ExchangeService } from "ews-javascript-api";
import { ConnectingIdType, ImpersonatedUserId } from "ews-javascript-api";
import type { ExchangeAuthMethod } from "@/lib/db/schema";
import { connectionPoolKey, ewsConnectionPool } from "@/lib/exchange/connection-pool";
import { createEwsService } from "@/lib/exchange/create-ews-service";
import type { EwsAuth } from "@/lib/exchange/ews-transport";
import { secureContextKey } from "@/lib/exchange/secure-context";
import { createEwsAgent } from "@/lib/exchange/tls-agent";
import { classifyEwsError, type EwsFailure } from "./ews-failures";
import { parseEwsUrl } from "./ews-url";
import { type ExchangeOutboundConfig, pinOutboundHost } from "./outbound";

export type ConcreteAuthMethod = Exclude<ExchangeAuthMethod, "auto">;

export interface EwsAccount {
  /** `DOMAIN\user`, `user@domain` (UPN) or a bare user name. */
  username: string;
  password: string;
  authMethod: ExchangeAuthMethod;
}

/** `CONTOSO\alice` → domain + user for NTLM; a UPN goes as is (Exchange accepts it for NTLM and Basic). */
export function toEwsAuth({ account, kind }: { account: EwsAccount; kind: ConcreteAuthMethod }): EwsAuth {
  const slash = account.username.indexOf("\\");
  const names =
    slash > 0
      ? { domain: account.username.slice(0, slash), username: account.username.slice(slash + 1) }
      : { username: account.username };
  return { kind, ...names, password: account.password };
}

export type EwsRun<T> = { ok: true; value: T; authMethod: ConcreteAuthMethod } | { ok: false; failure: EwsFailure };

/**
 * One EWS conversation under every rule at once: the URL's shape, the address policy with the connection
 * pinned to the checked address, TLS verified against the public roots + `caPem`, the time limit, and for
 * "auto" NTLM first then Basic (NTLM never sends the password; Basic only ever over the verified TLS).
 * `actAs` sets the ExchangeImpersonation header. Failures come back as plain reasons, never thrown.
 */
export async function runEws<T>(input: {
  ewsUrl: string;
  account: EwsAccount;
  caPem: string | undefined;
  config: ExchangeOutboundConfig;
  actAs?: string;
  call: (service: ExchangeService) => Promise<T>;
}): Promise<EwsRun<T>> {
  const parsed = parseEwsUrl(input.ewsUrl);
  if (!parsed.ok) return { ok: false, failure: { reason: "invalid-url", message: parsed.message } };
  const pinned = await pinOutboundHost({ url: parsed.url, config: input.config });
  if (!pinned.ok) return { ok: false, failure: { reason: "address-refused", message: pinned.message } };

  const methods: ConcreteAuthMethod[] =
    input.account.authMethod === "auto" ? ["ntlm", "basic"] : [input.account.authMethod];
  let failure: EwsFailure = { reason: "unexpected", message: "No authentication method was tried." };
  const url = parsed.url.toString();
  const caKey = secureContextKey({ caPem: input.caPem });
  const addresses = (pinned.check.addresses ?? [pinned.check]).map((checked) => checked.address);
  for (const kind of methods) {
    const auth = toEwsAuth({ account: input.account, kind });
    // Kept-alive, already authenticated connections, reused only for this exact URL, account, password,
    // trust bundle and checked address set; new ones are pinned to the address just checked. One socket
    // per connection: NTLM's challenge and answer must travel on one socket.
    const service = createEwsService({
      url,
      auth,
      connections: {
        pool: ewsConnectionPool,
        key: connectionPoolKey({ url, auth, caKey, addresses }),
        createAgent: () =>
          createEwsAgent({ caPem: input.caPem, lookup: pinned.lookup, keepAlive: true, maxSockets: 1 }),
      },
      timeoutMs: input.config.timeoutMs,
      timeZone: "UTC",
    });
    if (input.actAs) service.ImpersonatedUserId = new ImpersonatedUserId(ConnectingIdType.SmtpAddress, input.actAs);
    try {
      return { ok: true, value: await input.call(service), authMethod: kind };
    } catch (error) {
      const classified = classifyEwsError(error);
      const retry = classified.reason === "ntlm-unavailable" || classified.reason === "wrong-password";
      failure =
        classified.reason === "ntlm-unavailable"
          ? { reason: "unexpected", message: "The server did not complete NTLM authentication; try Basic." }
          : (classified as EwsFailure);
      if (!retry) break;
    }
  }
  return { ok: false, failure };
}
