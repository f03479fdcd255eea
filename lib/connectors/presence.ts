import "server-only";
import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { type ConnectorMode, connectors } from "@/lib/db/schema";
import { type ConnectorTiming, onlineForSeconds } from "./timing";

/**
 * Records a sign of life: the mode it came in, and how long it vouches for the connector. False when the
 * connector was revoked or deleted meanwhile (its channel should close).
 */
export async function markConnectorSeen(input: {
  connectorId: string;
  mode: ConnectorMode;
  timing: ConnectorTiming;
}): Promise<boolean> {
  const seconds = onlineForSeconds({ timing: input.timing, mode: input.mode });
  // A connector in auto-sync tries the channel now and then, and keeps polling until that trial has held for
  // a while: as long as polls come, it is in auto-sync, whatever channel is open.
  const pollingLately = sql`${connectors.lastPolledAt} > now() - make_interval(secs => ${2 * input.timing.pollSeconds + 2})`;
  const rows = await db()
    .update(connectors)
    .set(
      input.mode === "auto-sync"
        ? {
            mode: "auto-sync",
            lastSeenAt: sql`now()`,
            lastPolledAt: sql`now()`,
            onlineUntil: sql`now() + make_interval(secs => ${seconds})`,
          }
        : {
            mode: sql`case when ${pollingLately} then 'auto-sync'::connector_mode else 'realtime'::connector_mode end`,
            lastSeenAt: sql`now()`,
            onlineUntil: sql`greatest(${connectors.onlineUntil}, now() + make_interval(secs => ${seconds}))`,
          },
    )
    .where(and(eq(connectors.id, input.connectorId), isNull(connectors.revokedAt), isNotNull(connectors.tokenHash)))
    .returning({ id: connectors.id });
  return rows.length === 1;
}

/** The channel closed: the connector has until its next poll or reconnect (a few seconds) before it counts as offline. */
export async function markChannelClosed(input: { connectorId: string; timing: ConnectorTiming }): Promise<void> {
  const seconds = onlineForSeconds({ timing: input.timing, mode: "auto-sync" });
  await db()
    .update(connectors)
    .set({ onlineUntil: sql`least(${connectors.onlineUntil}, now() + make_interval(secs => ${seconds}))` })
    .where(eq(connectors.id, input.connectorId));
}
