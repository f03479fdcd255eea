import { readFileSync } from "node:fs";
import type { LookupFunction } from "node:net";
import {
  checkOutboundHost,
  type OutboundCheck,
  type OutboundRefusal,
  type ResolveHost,
} from "@/lib/net/address-policy";
import type { AllowedHosts } from "@/lib/net/allowed-hosts";
import { pinnedLookup } from "@/lib/net/pinned-lookup";

/**
 * What every outbound Exchange call needs from configuration. Passed explicitly (tests) or read from the
 * app's env once per call (lib/calendars' exchangeConfigFromEnv); nothing here reads process.env itself,
 * because env() caches and a test that mutates process.env would see stale values.
 */
export interface ExchangeOutboundConfig {
  /** EXCHANGE_ALLOWED_HOSTS, parsed. */
  allowedHosts: AllowedHosts;
  /** EXCHANGE_CA_FILE: a PEM bundle trusted for Exchange connections only. Read at use, so a renewed file counts. */
  caFile?: string;
  /** Limit for one TLS handshake or one EWS call (NTLM handshake included). */
  timeoutMs: number;
  /** Name resolution; tests replace it, production asks the OS resolver once per check. */
  resolve?: ResolveHost;
}

/** The port a URL connects to: its own, or its scheme's default. */
function portOf(url: URL): number {
  if (url.port !== "") return Number(url.port);
  return url.protocol === "http:" ? 80 : 443;
}

export function readCaFile(config: ExchangeOutboundConfig): string | undefined {
  return config.caFile ? readFileSync(config.caFile, "utf8") : undefined;
}

export type PinnedHost =
  | { ok: true; lookup: LookupFunction; check: Extract<OutboundCheck, { ok: true }> }
  | { ok: false; reason: OutboundRefusal; message: string };

/**
 * Runs the address policy on a URL's host and returns the lookup that pins the connection to the
 * checked address, so DNS cannot answer differently between the check and the connect.
 */
export async function pinOutboundHost(input: { url: URL; config: ExchangeOutboundConfig }): Promise<PinnedHost> {
  const check = await checkOutboundHost({
    host: input.url.hostname,
    port: portOf(input.url),
    allowedHosts: input.config.allowedHosts,
    ...(input.config.resolve ? { resolve: input.config.resolve } : {}),
  });
  if (!check.ok) return check;
  return { ok: true, lookup: pinnedLookup(check), check };
}
