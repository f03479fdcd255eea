import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { CurrentUser } from "@/lib/auth/session";
import { connectorState } from "@/lib/calendars/connector-state";
import { db } from "@/lib/db";
import { connectors, exchangeConnections, users } from "@/lib/db/schema";
import { mayManageAll } from "./access";
import { connectionHealth } from "./health";

// An explicit column list: `secret` and `keyVersion` are never selected for display, so no later
// edit of a page can leak them by spreading a row.
const connectionColumns = {
  id: exchangeConnections.id,
  mailboxEmail: exchangeConnections.mailboxEmail,
  ewsUrl: exchangeConnections.ewsUrl,
  authUsername: exchangeConnections.authUsername,
  authMethod: exchangeConnections.authMethod,
  impersonate: exchangeConnections.impersonate,
  availabilityLookups: exchangeConnections.availabilityLookups,
  ownerUserId: exchangeConnections.ownerUserId,
  ownerName: users.name,
  certificateFingerprint: exchangeConnections.certificateFingerprint,
  presentedFingerprint: exchangeConnections.presentedFingerprint,
  certificateExpiresAt: exchangeConnections.certificateExpiresAt,
  lastCheckedAt: exchangeConnections.lastCheckedAt,
  lastOkAt: exchangeConnections.lastOkAt,
  lastErrorReason: exchangeConnections.lastErrorReason,
  failingSince: exchangeConnections.failingSince,
  createdAt: exchangeConnections.createdAt,
  connectorId: exchangeConnections.connectorId,
  connectorName: connectors.name,
  connectorTokenHash: connectors.tokenHash,
  connectorRevokedAt: connectors.revokedAt,
  connectorPairingExpiresAt: connectors.pairingExpiresAt,
  connectorMode: connectors.mode,
  connectorLastSeenAt: connectors.lastSeenAt,
  connectorOnlineUntil: connectors.onlineUntil,
};

export type ConnectionSummary = Awaited<ReturnType<typeof listConnections>>[number];

/** The actor's manageable connections; the password exists only as the word "set" (it is required on save). */
export async function listConnections({ actor }: { actor: CurrentUser }) {
  const rows = await db()
    .select(connectionColumns)
    .from(exchangeConnections)
    .leftJoin(users, eq(users.id, exchangeConnections.ownerUserId))
    .leftJoin(connectors, eq(connectors.id, exchangeConnections.connectorId))
    .where(
      and(
        eq(exchangeConnections.organisationId, actor.organisationId),
        mayManageAll(actor) ? undefined : eq(exchangeConnections.ownerUserId, actor.userId),
      ),
    )
    .orderBy(asc(exchangeConnections.mailboxEmail));
  const now = new Date();
  return rows.map(
    ({
      connectorName,
      connectorTokenHash,
      connectorRevokedAt,
      connectorPairingExpiresAt,
      connectorMode,
      connectorLastSeenAt,
      connectorOnlineUntil,
      ...row
    }) => ({
      ...row,
      password: row.connectorId ? ("on the connector" as const) : ("set" as const),
      health: connectionHealth(row, now),
      // The connector reaching this mailbox (status only; its token hash never leaves this function).
      connector: row.connectorId
        ? {
            name: connectorName ?? "",
            state: connectorState(
              {
                tokenHash: connectorTokenHash,
                revokedAt: connectorRevokedAt,
                pairingExpiresAt: connectorPairingExpiresAt,
                mode: connectorMode,
                lastSeenAt: connectorLastSeenAt,
                onlineUntil: connectorOnlineUntil,
              },
              now,
            ),
          }
        : null,
    }),
  );
}
