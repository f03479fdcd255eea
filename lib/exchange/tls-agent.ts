import https from "node:https";
import type { LookupFunction } from "node:net";
import tls from "node:tls";

/**
 * The HTTPS agent for one Exchange server. An extra CA (a company's internal root) is added to Node's
 * public roots rather than replacing them, so a server that later moves to a public certificate keeps working.
 * Verification is never switched off: a certificate problem is a configuration problem to surface.
 * SECLEVEL=2 because Node's default level (1) still accepts 1024-bit RSA server keys.
 * `lookup` (e.g. pinnedLookup from lib/net) pins the TCP destination to the address the outbound policy
 * checked; without it Node resolves the name itself, as before.
 */
export function createEwsAgent(
  input: { caPem?: string; keepAlive?: boolean; maxSockets?: number; lookup?: LookupFunction } = {},
): https.Agent {
  return new https.Agent({
    ca: input.caPem ? [...tls.rootCertificates, input.caPem] : [...tls.rootCertificates],
    minVersion: "TLSv1.2",
    ciphers: "DEFAULT@SECLEVEL=2",
    keepAlive: input.keepAlive ?? true,
    maxSockets: input.maxSockets ?? 8,
    ...(input.lookup ? { lookup: input.lookup } : {}),
  });
}
