import "server-only";
import { and, eq, gt, sql } from "drizzle-orm";
import { recordAuditEvent } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { connectors, organisations } from "@/lib/db/schema";
import { createConnectorToken, hashConnectorSecret, normalisePairingCode } from "./secrets";

export type PairingResult =
  | { ok: true; connectorId: string; token: string; organisation: string }
  | { ok: false; error: "invalid-code" };

/**
 * Trades a pairing code for the connector's token: once, before the code expires. The code and any earlier
 * token stop working in the same statement; the token is returned here and never again (only its hash stays).
 */
export async function pairConnector(input: {
  code: string;
  version: string;
  hostname?: string | undefined;
}): Promise<PairingResult> {
  const normalised = normalisePairingCode(input.code);
  if (!normalised) return { ok: false, error: "invalid-code" };
  const token = createConnectorToken();
  const row = await db().transaction(async (tx) => {
    const [paired] = await tx
      .update(connectors)
      .set({
        tokenHash: hashConnectorSecret(token),
        pairingCodeHash: null,
        pairingExpiresAt: null,
        pairedAt: sql`now()`,
        revokedAt: null,
        version: input.version,
        hostname: input.hostname ?? null,
        mode: null,
        onlineUntil: null,
      })
      .where(
        and(
          eq(connectors.pairingCodeHash, hashConnectorSecret(normalised)),
          gt(connectors.pairingExpiresAt, sql`now()`),
        ),
      )
      .returning({ id: connectors.id, organisationId: connectors.organisationId, name: connectors.name });
    // The connector program pairs, not a person: the system is the actor.
    if (paired) {
      const detail = { name: paired.name, hostname: input.hostname ?? null, version: input.version };
      const event = { organisationId: paired.organisationId, actorUserId: null, targetId: paired.id, detail };
      await recordAuditEvent({ tx, ...event, action: "connector.paired" });
    }
    return paired;
  });
  if (!row) return { ok: false, error: "invalid-code" };
  const [organisation] = await db()
    .select({ name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, row.organisationId));
  return { ok: true, connectorId: row.id, token, organisation: organisation?.name ?? "" };
}
