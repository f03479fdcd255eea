import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { withHoldRetry } from "@/lib/bookings/reserve";
import { db } from "@/lib/db";
import { isExclusionViolation } from "@/lib/db/errors";
import { bookingHolds, bookings } from "@/lib/db/schema";

/**
 * The booking as reconciliation read it. Every write below applies only while the booking is still that
 * (confirmed, no pending change of our own, the same ICS sequence): a reschedule or cancel that landed while
 * Exchange was being asked wins, and the next round looks again.
 */
export interface SeenBooking {
  id: string;
  startsAt: Date;
  endsAt: Date;
  icsSequence: number;
}

/** Shown to the host on Bookings; plain words, nothing read from Exchange (no subject, no new time). */
export const MOVE_CONFLICT_NOTE =
  "The host moved this meeting in their calendar to a time that overlaps another booking, so it keeps its old time here. Move it again in the calendar, or cancel one of the two.";

function unchangedSince(seen: SeenBooking) {
  return and(
    eq(bookings.id, seen.id),
    eq(bookings.status, "confirmed"),
    isNull(bookings.calendarPendingChange),
    eq(bookings.icsSequence, seen.icsSequence),
  );
}

/** The item was found (maybe under a new id, after a reconnect): remember its id, drop a missing flag. */
export async function recordItemFound(input: { seen: SeenBooking; itemId: string | null; clearConflictNote: boolean }) {
  const updated = await db()
    .update(bookings)
    .set({
      exchangeItemId: input.itemId,
      exchangeItemMissingSince: null,
      ...(input.clearConflictNote ? { calendarWriteError: null } : {}),
    })
    .where(unchangedSince(input.seen))
    .returning({ id: bookings.id });
  return updated.length > 0;
}

/** The item is nowhere to be found, and we cannot tell whether the host deleted it: the host is shown it. */
export async function flagItemMissing(input: { seen: SeenBooking; now: Date }) {
  const updated = await db()
    .update(bookings)
    .set({ exchangeItemMissingSince: input.now })
    .where(and(unchangedSince(input.seen), isNull(bookings.exchangeItemMissingSince)))
    .returning({ id: bookings.id });
  return updated.length > 0;
}

export type MoveResult = "moved" | "conflict" | "stale";

/**
 * The host moved the item: the booking and its holds follow in one transaction, each hold shifted by the
 * same amounts so its buffers stay as they were. The exclusion constraint may refuse the new time (it
 * overlaps another booking of a host): then nothing moves and the booking carries a note for the host.
 * The ICS sequence goes up, as for any reschedule, so the customer's calendar takes the update.
 */
export async function moveBookingToItemTimes(input: {
  seen: SeenBooking;
  itemId: string | null;
  start: Date;
  end: Date;
}): Promise<MoveResult> {
  const { seen } = input;
  const startShift = (input.start.getTime() - seen.startsAt.getTime()) / 1000;
  const endShift = (input.end.getTime() - seen.endsAt.getTime()) / 1000;
  try {
    return await withHoldRetry(() =>
      db().transaction(async (tx) => {
        const moved = await tx
          .update(bookings)
          .set({
            startsAt: input.start,
            endsAt: input.end,
            exchangeItemId: input.itemId,
            exchangeItemMissingSince: null,
            calendarWriteError: null,
            icsSequence: sql`${bookings.icsSequence} + 1`,
          })
          .where(unchangedSince(seen))
          .returning({ id: bookings.id });
        if (moved.length === 0) return "stale";
        await tx
          .update(bookingHolds)
          .set({
            blockedDuring: sql`tstzrange(
            lower(${bookingHolds.blockedDuring}) + make_interval(secs => ${startShift}),
            upper(${bookingHolds.blockedDuring}) + make_interval(secs => ${endShift}),
            '[)')`,
          })
          .where(and(eq(bookingHolds.bookingId, seen.id), eq(bookingHolds.released, false)));
        return "moved" as const;
      }),
    );
  } catch (error) {
    if (!isExclusionViolation(error, "booking_holds_no_overlap")) throw error;
    const noted = await db()
      .update(bookings)
      .set({ exchangeItemId: input.itemId, exchangeItemMissingSince: null, calendarWriteError: MOVE_CONFLICT_NOTE })
      .where(unchangedSince(seen))
      .returning({ id: bookings.id });
    return noted.length > 0 ? "conflict" : "stale";
  }
}

/** Read again just before cancelling: cancelBooking is not conditional, so this is its guard. */
export async function isStillAsSeen(seen: SeenBooking): Promise<boolean> {
  const [row] = await db().select({ id: bookings.id }).from(bookings).where(unchangedSince(seen)).limit(1);
  return Boolean(row);
}
