import "server-only";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { bookingHolds } from "@/lib/db/schema";
import type { TimeInterval } from "@/lib/scheduling/intervals";

/**
 * Each host's unreleased holds overlapping `span`, as the ranges the exclusion constraint compares:
 * [start − buffer before, end + buffer after) of the booking they belong to. Handed to the slot engine as
 * bookings, they make it refuse exactly what the constraint would (the daily limit then counts a booking
 * on the local day its buffer begins, which differs from its start's only across midnight).
 * `ignoreBookingId`: a booking being rescheduled must not block its own new time.
 */
export async function loadHeldTime(input: {
  hostUserIds: readonly string[];
  span: TimeInterval;
  ignoreBookingId?: string;
}): Promise<Map<string, TimeInterval[]>> {
  const held = new Map<string, TimeInterval[]>();
  if (input.hostUserIds.length === 0) return held;
  const span = `[${new Date(input.span.start).toISOString()},${new Date(input.span.end).toISOString()})`;
  const rows = await db()
    .select({
      hostUserId: bookingHolds.hostUserId,
      start: sql<number>`(extract(epoch from lower(${bookingHolds.blockedDuring})) * 1000)::float8`.mapWith(Number),
      end: sql<number>`(extract(epoch from upper(${bookingHolds.blockedDuring})) * 1000)::float8`.mapWith(Number),
    })
    .from(bookingHolds)
    .where(
      and(
        inArray(bookingHolds.hostUserId, [...input.hostUserIds]),
        eq(bookingHolds.released, false),
        input.ignoreBookingId ? ne(bookingHolds.bookingId, input.ignoreBookingId) : undefined,
        sql`${bookingHolds.blockedDuring} && ${span}::tstzrange`,
      ),
    );
  for (const row of rows) {
    const list = held.get(row.hostUserId) ?? [];
    list.push({ start: row.start, end: row.end });
    held.set(row.hostUserId, list);
  }
  return held;
}
