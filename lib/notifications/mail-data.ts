import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { bookingHolds, bookingPageHosts, bookingPages, bookings, organisations, users } from "@/lib/db/schema";

export interface MailHost {
  userId: string;
  name: string;
  email: string;
  /** The host's zone on this page, in which their notice shows the time. */
  timeZone: string;
}

/** What the booking mails need, read in one place. */
export interface BookingMailData {
  booking: typeof bookings.$inferSelect;
  /** null once the page was deleted: the booking keeps its title, language and location fall back. */
  page: Pick<
    typeof bookingPages.$inferSelect,
    "title" | "location" | "language" | "reminderMinutes" | "sendInvitations"
  > | null;
  organisationName: string;
  organiser: MailHost | null;
  /** The other hosts holding time for the booking (collective pages). */
  coHosts: MailHost[];
}

export async function loadBookingMailData(bookingId: string): Promise<BookingMailData | null> {
  const [row] = await db()
    .select({ booking: bookings, organisationName: organisations.name })
    .from(bookings)
    .innerJoin(organisations, eq(organisations.id, bookings.organisationId))
    .where(eq(bookings.id, bookingId))
    .limit(1);
  if (!row) return null;
  const { booking } = row;
  const [page] = booking.pageId
    ? await db()
        .select({
          title: bookingPages.title,
          location: bookingPages.location,
          language: bookingPages.language,
          reminderMinutes: bookingPages.reminderMinutes,
          sendInvitations: bookingPages.sendInvitations,
        })
        .from(bookingPages)
        .where(eq(bookingPages.id, booking.pageId))
        .limit(1)
    : [];
  // Hosts of the same organisation only: a member who left keeps no access to the booking's details.
  const hostRows = await db()
    .select({ userId: users.id, name: users.name, email: users.email, timeZone: bookingPageHosts.timeZone })
    .from(bookingHolds)
    .innerJoin(users, and(eq(users.id, bookingHolds.hostUserId), eq(users.organisationId, booking.organisationId)))
    .leftJoin(
      bookingPageHosts,
      and(
        eq(bookingPageHosts.userId, bookingHolds.hostUserId),
        booking.pageId ? eq(bookingPageHosts.pageId, booking.pageId) : sql`false`,
      ),
    )
    .where(eq(bookingHolds.bookingId, booking.id));
  const hosts: MailHost[] = hostRows.map((host) => ({ ...host, timeZone: host.timeZone ?? booking.customerTimeZone }));
  let organiser = hosts.find((host) => host.userId === booking.organiserUserId) ?? null;
  if (!organiser && booking.organiserUserId) {
    // Holds are released on cancellation but stay in the table; this covers an organiser without one.
    const [user] = await db()
      .select({ userId: users.id, name: users.name, email: users.email })
      .from(users)
      .where(and(eq(users.id, booking.organiserUserId), eq(users.organisationId, booking.organisationId)))
      .limit(1);
    organiser = user ? { ...user, timeZone: booking.customerTimeZone } : null;
  }
  return {
    booking,
    page: page ?? null,
    organisationName: row.organisationName,
    organiser,
    coHosts: hosts.filter((host) => host.userId !== booking.organiserUserId),
  };
}
