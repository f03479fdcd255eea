import "server-only";
import { env } from "@/lib/env";
import type { ExchangeOutboundConfig } from "@/lib/exchange";

const DEFAULT_TIMEOUT_MS = 15_000;

export function exchangeConfigFromEnv(): ExchangeOutboundConfig {
  const { EXCHANGE_ALLOWED_HOSTS, EXCHANGE_CA_FILE } = env();
  return {
    allowedHosts: EXCHANGE_ALLOWED_HOSTS,
    ...(EXCHANGE_CA_FILE ? { caFile: EXCHANGE_CA_FILE } : {}),
    timeoutMs: DEFAULT_TIMEOUT_MS,
  };
}
