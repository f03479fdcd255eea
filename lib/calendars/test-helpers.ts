import { randomBytes } from "node:crypto";
import type { RequestLogEntry } from "@/ews-simulator/control/request-log";
import type { RunningSimulator } from "@/ews-simulator/simulator";
import { callControl } from "@/ews-simulator/testing/test-simulator";
import { CredentialKeyRing } from "@/lib/crypto/key-ring";
import type { ExchangeOutboundConfig } from "@/lib/exchange";
import { NO_ALLOWED_HOSTS, parseAllowedHosts } from "@/lib/net/allowed-hosts";

export const SIM_PASSWORD = "Simulator-Pass-1";

/**
 * The simulator listens on loopback, which only an explicit allow-list lets through, and on ports other
 * than 443, which likewise must be listed with their host. Test simulators take ephemeral ports, not known
 * when a test file builds its config, so tests list the whole unprivileged range.
 */
export const SIMULATOR_ALLOWED_HOSTS = "localhost:1024-65535,127.0.0.1:1024-65535";

export const simulatorConfig = (extra: Partial<ExchangeOutboundConfig> = {}): ExchangeOutboundConfig => ({
  allowedHosts: parseAllowedHosts(SIMULATOR_ALLOWED_HOSTS),
  timeoutMs: 5_000,
  ...extra,
});

export const closedConfig = (): ExchangeOutboundConfig => ({ allowedHosts: NO_ALLOWED_HOSTS, timeoutMs: 5_000 });

export const testKeys = () => new CredentialKeyRing([{ version: 1, key: randomBytes(32) }]);

export async function readRequestLog(simulator: RunningSimulator): Promise<RequestLogEntry[]> {
  return (await callControl({ simulator, method: "GET", path: "/requests" })).json as RequestLogEntry[];
}
