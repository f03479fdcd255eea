import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { ConnectionRow } from "@/lib/calendars/connection-check";
import { db } from "@/lib/db";
import { bookingHolds, bookingPageHosts, bookingPages, bookings, exchangeConnections, users } from "@/lib/db/schema";

type Booking = typeof bookings.$inferSelect;
type Page = typeof bookingPages.$inferSelect;

/** What writing one booking to Exchange needs, read in one place. */
export interface CalendarWriteData {
  booking: Booking;
  /** null once the page was deleted: the booking keeps its title, the rest falls back to defaults. */
  page: Page | null;
  organiser: { userId: string; name: string; timeZone: string } | null;
  /** The organiser's calendar: their own connection, the oldest when there are several. */
  connection: ConnectionRow | null;
  /** The other hosts' mailboxes (collective pages), to invite. */
  otherHostMailboxes: string[];
}

/** A host's mailbox: the one they connected, else their sign-in address (Exchange resolves either). */
async function findHostMailboxes(input: { organisationId: string; userIds: string[] }): Promise<Map<string, string>> {
  const mailboxes = new Map<string, string>();
  if (input.userIds.length === 0) return mailboxes;
  const people = await db()
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.organisationId, input.organisationId), inArray(users.id, input.userIds)));
  for (const person of people) mailboxes.set(person.id, person.email);
  const connected = await db()
    .select({ ownerUserId: exchangeConnections.ownerUserId, mailboxEmail: exchangeConnections.mailboxEmail })
    .from(exchangeConnections)
    .where(
      and(
        eq(exchangeConnections.organisationId, input.organisationId),
        inArray(exchangeConnections.ownerUserId, input.userIds),
      ),
    )
    .orderBy(asc(exchangeConnections.createdAt));
  const seen = new Set<string>();
  for (const row of connected) {
    if (!row.ownerUserId || seen.has(row.ownerUserId)) continue;
    seen.add(row.ownerUserId);
    mailboxes.set(row.ownerUserId, row.mailboxEmail);
  }
  return mailboxes;
}

export async function loadCalendarWriteData(bookingId: string): Promise<CalendarWriteData | null> {
  const [booking] = await db().select().from(bookings).where(eq(bookings.id, bookingId)).limit(1);
  if (!booking) return null;
  const [page] = booking.pageId
    ? await db().select().from(bookingPages).where(eq(bookingPages.id, booking.pageId)).limit(1)
    : [];
  const hosts = await db()
    .select({ userId: bookingHolds.hostUserId })
    .from(bookingHolds)
    .where(eq(bookingHolds.bookingId, booking.id));
  const organiserId = booking.organiserUserId;
  const [organiserUser] = organiserId
    ? await db()
        .select({ name: users.name })
        .from(users)
        .where(and(eq(users.id, organiserId), eq(users.organisationId, booking.organisationId)))
        .limit(1)
    : [];
  const [organiserHost] =
    organiserId && page
      ? await db()
          .select({ timeZone: bookingPageHosts.timeZone })
          .from(bookingPageHosts)
          .where(and(eq(bookingPageHosts.pageId, page.id), eq(bookingPageHosts.userId, organiserId)))
          .limit(1)
      : [];
  const [connection] = organiserId
    ? await db()
        .select()
        .from(exchangeConnections)
        .where(
          and(
            eq(exchangeConnections.organisationId, booking.organisationId),
            eq(exchangeConnections.ownerUserId, organiserId),
          ),
        )
        .orderBy(asc(exchangeConnections.createdAt))
        .limit(1)
    : [];
  const otherIds = hosts.map((h) => h.userId).filter((id) => id !== organiserId);
  const mailboxes = await findHostMailboxes({ organisationId: booking.organisationId, userIds: otherIds });
  return {
    booking,
    page: page ?? null,
    organiser:
      organiserId && organiserUser
        ? { userId: organiserId, name: organiserUser.name, timeZone: organiserHost?.timeZone ?? "UTC" }
        : null,
    connection: connection ?? null,
    otherHostMailboxes: otherIds.flatMap((id) => mailboxes.get(id) ?? []),
  };
}
