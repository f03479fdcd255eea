import https from "node:https";
import type { LookupFunction } from "node:net";
import { getEwsSecureContext } from "./secure-context";

/**
 * The HTTPS agent for one Exchange server. Trust (public roots + the extra CA) and the TLS floor live in a
 * shared secure context (see secure-context.ts); with `secureContext` set Node ignores `ca`, `minVersion`
 * and `ciphers` on the agent, so they are deliberately not repeated here. Verification is never switched
 * off: a certificate problem is a configuration problem to surface. The NTLM handshake clones these
 * options, so its sockets get the same context.
 * `lookup` (e.g. pinnedLookup from lib/net) pins the TCP destination to the address the outbound policy
 * checked; without it Node resolves the name itself, as before.
 */
export function createEwsAgent(
  input: { caPem?: string; keepAlive?: boolean; maxSockets?: number; lookup?: LookupFunction } = {},
): https.Agent {
  return new https.Agent({
    secureContext: getEwsSecureContext({ caPem: input.caPem }),
    keepAlive: input.keepAlive ?? true,
    maxSockets: input.maxSockets ?? 8,
    ...(input.lookup ? { lookup: input.lookup } : {}),
  });
}
