import type { Connector, ConnectorMode } from "@/lib/db/schema";

// How a connection behind an on-premises connector is reached right now. Here, beside the connections,
// because the Calendars list shows it per mailbox; lib/connectors records the signs of life it reads.
export type ConnectorState =
  | { kind: "waiting-for-pairing"; codeExpiresAt: Date | null }
  | { kind: "revoked"; since: Date }
  | { kind: "online"; mode: ConnectorMode; lastSeenAt: Date }
  | { kind: "offline"; since: Date | null };

type PresenceFields = Pick<
  Connector,
  "tokenHash" | "revokedAt" | "pairingExpiresAt" | "mode" | "lastSeenAt" | "onlineUntil"
>;

/** What the Calendars page shows, and whether requests may be relayed: only an online connector takes them. */
export function connectorState(row: PresenceFields, now: Date = new Date()): ConnectorState {
  if (row.revokedAt) return { kind: "revoked", since: row.revokedAt };
  if (!row.tokenHash) return { kind: "waiting-for-pairing", codeExpiresAt: row.pairingExpiresAt };
  if (row.mode && row.lastSeenAt && row.onlineUntil && row.onlineUntil > now) {
    return { kind: "online", mode: row.mode, lastSeenAt: row.lastSeenAt };
  }
  return { kind: "offline", since: row.lastSeenAt };
}
