import { env } from "@/lib/env";

/** The rhythm of connectors, from configuration (CONNECTOR_HEARTBEAT_SECONDS, CONNECTOR_POLL_SECONDS). */
export interface ConnectorTiming {
  heartbeatSeconds: number;
  pollSeconds: number;
}

export function connectorTimingFromEnv(): ConnectorTiming {
  const { CONNECTOR_HEARTBEAT_SECONDS, CONNECTOR_POLL_SECONDS } = env();
  return { heartbeatSeconds: CONNECTOR_HEARTBEAT_SECONDS, pollSeconds: CONNECTOR_POLL_SECONDS };
}

/** Slack for network and clocks on top of the promised rhythm before a connector counts as offline. */
const GRACE_SECONDS = 5;

/** How long one sign of life (a ping sent on the channel, a poll) vouches for a connector. */
export function onlineForSeconds(input: { timing: ConnectorTiming; mode: "realtime" | "auto-sync" }): number {
  return input.mode === "realtime"
    ? 2 * input.timing.heartbeatSeconds + GRACE_SECONDS
    : 3 * input.timing.pollSeconds + GRACE_SECONDS;
}

/**
 * A request handed out but not answered within this is handed out again (the channel it went to may have
 * died with it). The connector answers each id once, so a second delivery never runs twice.
 */
export const REDELIVER_AFTER_MS = 5_000;
