import "server-only";
import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { type BookingStatus, bookings } from "@/lib/db/schema";

/** Longer than one Exchange write or change can take (a few EWS calls under their time limits). */
const LEASE_SECONDS = 120;

/**
 * Takes a booking's calendar lease in the database: of all app instances and jobs, one at a time writes,
 * moves or cancels the booking's Exchange item; a crashed holder's lease lapses. False when another holder
 * has an unexpired lease, or (with `statuses`) the booking is in none of them.
 */
export async function claimCalendarLease(input: {
  bookingId: string;
  statuses?: readonly BookingStatus[];
}): Promise<boolean> {
  const claimed = await db()
    .update(bookings)
    .set({ calendarWriteLeaseUntil: sql`now() + make_interval(secs => ${LEASE_SECONDS})` })
    .where(
      and(
        eq(bookings.id, input.bookingId),
        input.statuses ? inArray(bookings.status, [...input.statuses]) : undefined,
        or(isNull(bookings.calendarWriteLeaseUntil), lt(bookings.calendarWriteLeaseUntil, sql`now()`)),
      ),
    )
    .returning({ id: bookings.id });
  return claimed.length > 0;
}

export async function releaseCalendarLease(bookingId: string) {
  await db().update(bookings).set({ calendarWriteLeaseUntil: null }).where(eq(bookings.id, bookingId));
}
