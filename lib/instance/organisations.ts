import "server-only";
import { and, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { recordAuditEvent } from "@/lib/audit/record";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { bookingPages, bookings, exchangeConnections, organisations, sessions, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

/**
 * An organisation as the instance page shows it: its name, when it was made, whether it is disabled, and
 * counts. Nothing of its calendars, customers or bookings beyond how many there are.
 */
export interface InstanceOrganisation {
  id: string;
  name: string;
  createdAt: Date;
  disabledAt: Date | null;
  members: number;
  connections: number;
  bookingPages: number;
  bookings: number;
}

// Correlated counts; the table names are ours (constants), qualified so the inner "id" cannot be mistaken.
const countOf = (table: typeof users | typeof exchangeConnections | typeof bookingPages | typeof bookings) =>
  sql<number>`(select count(*)::int from ${table} as counted where counted.organisation_id = ${sql.raw('"organisations"."id"')})`;

/** Every organisation of the instance, newest first. Check the caller is an instance administrator first. */
export async function listInstanceOrganisations(): Promise<InstanceOrganisation[]> {
  const rows = await db()
    .select({
      id: organisations.id,
      name: organisations.name,
      createdAt: organisations.createdAt,
      disabledAt: organisations.disabledAt,
      members: countOf(users),
      connections: countOf(exchangeConnections),
      bookingPages: countOf(bookingPages),
      bookings: countOf(bookings),
    })
    .from(organisations)
    .orderBy(desc(organisations.createdAt), desc(organisations.id));
  return rows.map((row) => ({
    ...row,
    members: Number(row.members),
    connections: Number(row.connections),
    bookingPages: Number(row.bookingPages),
    bookings: Number(row.bookings),
  }));
}

/**
 * Disables or enables an organisation. Disabling ends its members' sessions in the same transaction; from
 * then on nobody of it signs in and its public pages answer 404. An administrator cannot disable their own
 * organisation (they would lock themselves out). Recorded at instance level. Check the caller first.
 */
export async function setOrganisationDisabled(input: {
  actor: CurrentUser;
  organisationId: string;
  disabled: boolean;
}) {
  const { actor, organisationId, disabled } = input;
  if (disabled && organisationId === actor.organisationId) {
    throw new AppError("forbidden", "You cannot disable your own organisation.");
  }
  return db().transaction(async (tx) => {
    const [changed] = await tx
      .update(organisations)
      .set({ disabledAt: disabled ? new Date() : null })
      .where(
        and(
          eq(organisations.id, organisationId),
          disabled ? isNull(organisations.disabledAt) : isNotNull(organisations.disabledAt),
        ),
      )
      .returning({ id: organisations.id, name: organisations.name });
    if (!changed) {
      const [exists] = await tx
        .select({ id: organisations.id })
        .from(organisations)
        .where(eq(organisations.id, organisationId));
      if (!exists) throw new AppError("not_found", "That organisation no longer exists.");
      return { changed: false, name: null };
    }
    let signedOut = 0;
    if (disabled) {
      const ended = await tx
        .delete(sessions)
        .where(
          sql`${sessions.userId} in (select ${users.id} from ${users} where ${users.organisationId} = ${organisationId})`,
        )
        .returning({ id: sessions.id });
      signedOut = ended.length;
    }
    await recordAuditEvent({
      tx,
      organisationId: null,
      actorUserId: actor.userId,
      action: disabled ? "organisation.disabled" : "organisation.enabled",
      targetId: organisationId,
      detail: disabled ? { sessionsEnded: signedOut } : {},
    });
    return { changed: true, name: changed.name };
  });
}
