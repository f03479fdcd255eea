import type { ExchangeService } from "ews-javascript-api";
import { ConnectingIdType, ImpersonatedUserId } from "ews-javascript-api";
import { connectionPoolKey, ewsConnectionPool } from "../transport/connection-pool";
import { createEwsService } from "../transport/create-ews-service";
import type { EwsAuth } from "../transport/ews-transport";
import { secureContextKey } from "../transport/secure-context";
import { createEwsAgent } from "../transport/tls-agent";
import type { ConcreteAuthMethod, ConnectorEwsAccess, DirectEwsAccess, EwsAccess, EwsAccount } from "./access";
import { createConnectorEwsService } from "./connector-transport";
import { parseEwsUrl } from "./ews-url";
import { classifyEwsError, type EwsFailure } from "./failures";
import { pinOutboundHost } from "./outbound";

/** `CONTOSO\alice` → domain + user for NTLM; a UPN goes as is (Exchange accepts it for NTLM and Basic). */
export function toEwsAuth({ account, kind }: { account: EwsAccount; kind: ConcreteAuthMethod }): EwsAuth {
  const slash = account.username.indexOf("\\");
  const names =
    slash > 0
      ? { domain: account.username.slice(0, slash), username: account.username.slice(slash + 1) }
      : { username: account.username };
  return { kind, ...names, password: account.password };
}

export type DirectEwsRun<T> =
  | { ok: true; value: T; authMethod: ConcreteAuthMethod }
  | { ok: false; failure: EwsFailure };
export type EwsRun<T> = { ok: true; value: T } | { ok: false; failure: EwsFailure };

/**
 * One EWS conversation under every rule at once: the URL's shape, the address policy with the connection
 * pinned to the checked address, TLS verified against the public roots + `caPem`, the time limit, and for
 * "auto" NTLM first then Basic (NTLM never sends the password; Basic only ever over the verified TLS).
 * `actAs` sets the ExchangeImpersonation header. Failures come back as plain reasons, never thrown.
 */
export async function runEws<T>(
  input: EwsAccess & { call: (service: ExchangeService) => Promise<T> },
): Promise<EwsRun<T>> {
  return input.via === "connector" ? runThroughConnector(input) : runDirectEws(input);
}

/** runEws on a direct connection, telling which authentication method worked. */
export async function runDirectEws<T>(
  input: DirectEwsAccess & { call: (service: ExchangeService) => Promise<T> },
): Promise<DirectEwsRun<T>> {
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

/**
 * The same conversation through an on-premises connector: the connector applies the address, certificate
 * and authentication rules on its side of the firewall; here only the time limit and impersonation apply.
 */
async function runThroughConnector<T>(
  input: ConnectorEwsAccess & { call: (service: ExchangeService) => Promise<T> },
): Promise<EwsRun<T>> {
  const service = createConnectorEwsService({
    connectorId: input.connectorId,
    mailbox: input.mailbox,
    timeoutMs: input.config.timeoutMs,
  });
  if (input.actAs) service.ImpersonatedUserId = new ImpersonatedUserId(ConnectingIdType.SmtpAddress, input.actAs);
  try {
    return { ok: true, value: await input.call(service) };
  } catch (error) {
    const classified = classifyEwsError(error);
    return { ok: false, failure: classified.reason === "ntlm-unavailable" ? ewsFailureUnexpected() : classified };
  }
}

function ewsFailureUnexpected(): EwsFailure {
  return { reason: "unexpected", message: "The connector could not complete authentication with Exchange." };
}
