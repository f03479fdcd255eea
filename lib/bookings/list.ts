import "server-only";
import { and, asc, desc, eq, exists, gte, lt, type SQL } from "drizzle-orm";
import { hasRole } from "@/lib/auth/roles";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { type BookingStatus, bookingHolds, bookings, users } from "@/lib/db/schema";

export interface BookingListItem {
  id: string;
  pageTitle: string;
  start: Date;
  end: Date;
  status: BookingStatus;
  customerName: string;
  customerEmail: string;
  customerTimeZone: string;
  organiserName: string | null;
  /** Why the calendar write failed or is still pending, in plain words. */
  calendarWriteError: string | null;
}

/**
 * Bookings the actor may see: admins and owners every booking of their organisation, members those they
 * host (hold time for). Upcoming ones soonest first, past ones latest first; at most `limit`.
 */
export async function loadBookings(input: {
  actor: CurrentUser;
  when: "upcoming" | "past";
  now?: Date;
  limit?: number;
}): Promise<BookingListItem[]> {
  const { actor } = input;
  const now = input.now ?? new Date();
  const hostsIt: SQL | undefined = hasRole(actor.role, "admin")
    ? undefined
    : exists(
        db()
          .select({ one: bookingHolds.bookingId })
          .from(bookingHolds)
          .where(and(eq(bookingHolds.bookingId, bookings.id), eq(bookingHolds.hostUserId, actor.userId))),
      );
  const upcoming = input.when === "upcoming";
  return db()
    .select({
      id: bookings.id,
      pageTitle: bookings.pageTitle,
      start: bookings.startsAt,
      end: bookings.endsAt,
      status: bookings.status,
      customerName: bookings.customerName,
      customerEmail: bookings.customerEmail,
      customerTimeZone: bookings.customerTimeZone,
      organiserName: users.name,
      calendarWriteError: bookings.calendarWriteError,
    })
    .from(bookings)
    .leftJoin(users, eq(users.id, bookings.organiserUserId))
    .where(
      and(
        eq(bookings.organisationId, actor.organisationId),
        upcoming ? gte(bookings.endsAt, now) : lt(bookings.endsAt, now),
        hostsIt,
      ),
    )
    .orderBy(upcoming ? asc(bookings.startsAt) : desc(bookings.startsAt))
    .limit(input.limit ?? 200);
}
