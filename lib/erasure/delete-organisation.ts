import "server-only";
import { and, count, eq, gt, ne } from "drizzle-orm";
import { recordAuditEvent } from "@/lib/audit/record";
import type { CurrentUser } from "@/lib/auth/session";
import { disconnectConnection } from "@/lib/calendars/connections";
import { deleteConnector } from "@/lib/connectors/service";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import { db } from "@/lib/db";
import { bookingPages, bookings, connectors, exchangeConnections, organisations, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { ExchangeOutboundConfig } from "@/lib/exchange";
import { cancelAndMailNow, type DeletionMail, deletionMailFromEnv } from "./cancel-and-mail";
import { deleteRateLimitsOf } from "./scrub";

export interface OrganisationDeletionCounts {
  members: number;
  connections: number;
  connectors: number;
  pages: number;
  bookings: number;
  cancelled: number;
  mailed: number;
  mailFailed: number;
}

async function countRows(organisationId: string) {
  const count$ = async (table: typeof users | typeof bookingPages | typeof bookings) =>
    (await db().select({ n: count() }).from(table).where(eq(table.organisationId, organisationId)))[0]?.n ?? 0;
  return { members: await count$(users), pages: await count$(bookingPages), bookings: await count$(bookings) };
}

/**
 * An owner deletes the organisation, having typed its name. While the rows still exist: coming bookings are
 * cancelled (Exchange items per each page's setting) and their customers mailed at once; every connection
 * is disconnected and its sealed credentials deleted; every connector is revoked (told so on its channel)
 * and deleted. Then one statement erases the organisation row and, by ON DELETE CASCADE, every row that
 * belongs to it: members, sessions, invites, pages, bookings, groups, audit lines. Last, one instance-level
 * audit line with counts only. The caller signs the owner out (their session row is already gone).
 */
export async function deleteOrganisation(input: {
  actor: CurrentUser;
  confirmName: string;
  now?: Date;
  mail?: DeletionMail;
  config?: ExchangeOutboundConfig;
  keys?: CredentialKeyRing;
}): Promise<OrganisationDeletionCounts> {
  const { actor } = input;
  if (actor.role !== "owner") throw new AppError("forbidden", "Only an owner can delete the organisation.");
  const [organisation] = await db()
    .select({ name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, actor.organisationId));
  if (!organisation) throw new AppError("not_found", "The organisation was not found.");
  if (input.confirmName.trim() !== organisation.name.trim()) {
    throw new AppError("invalid_input", "Type the organisation's name exactly as shown to confirm.");
  }
  const now = input.now ?? new Date();
  const before = await countRows(actor.organisationId);

  const coming = await db()
    .select({ id: bookings.id })
    .from(bookings)
    .where(
      and(
        eq(bookings.organisationId, actor.organisationId),
        ne(bookings.status, "cancelled"),
        gt(bookings.startsAt, now),
      ),
    );
  const cancelled = await cancelAndMailNow({
    bookingIds: coming.map((row) => row.id),
    reason: {
      en: `${organisation.name} no longer takes bookings here.`,
      de: `${organisation.name} nimmt hier keine Buchungen mehr an.`,
    },
    mail: input.mail ?? deletionMailFromEnv(),
    now,
    ...(input.config ? { config: input.config } : {}),
    ...(input.keys ? { keys: input.keys } : {}),
  });

  const connections = await db()
    .select({ id: exchangeConnections.id })
    .from(exchangeConnections)
    .where(eq(exchangeConnections.organisationId, actor.organisationId));
  for (const connection of connections) await disconnectConnection({ actor, connectionId: connection.id });
  const connectorRows = await db()
    .select({ id: connectors.id })
    .from(connectors)
    .where(eq(connectors.organisationId, actor.organisationId));
  for (const connector of connectorRows) await deleteConnector({ actor, connectorId: connector.id });

  const members = await db()
    .select({ email: users.email })
    .from(users)
    .where(eq(users.organisationId, actor.organisationId));
  const counts: OrganisationDeletionCounts = {
    ...before,
    connections: connections.length,
    connectors: connectorRows.length,
    ...cancelled,
  };
  await db().transaction(async (tx) => {
    await deleteRateLimitsOf({ tx, addresses: members.map((member) => member.email) });
    // A connection added meanwhile would block the cascade (its connector reference is RESTRICT): it goes too.
    await tx.delete(exchangeConnections).where(eq(exchangeConnections.organisationId, actor.organisationId));
    await tx.delete(organisations).where(eq(organisations.id, actor.organisationId));
  });
  // Written after: the organisation's own lines went with it. Counts only, no name, no id of a person.
  await recordAuditEvent({
    organisationId: null,
    actorUserId: null,
    action: "organisation.deleted",
    targetId: actor.organisationId,
    detail: { ...counts },
  });
  return counts;
}
