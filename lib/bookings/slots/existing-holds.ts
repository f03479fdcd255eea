import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { type Database, db } from "@/lib/db";
import { bookingHolds, bookings } from "@/lib/db/schema";
import type { TimeInterval } from "@/lib/scheduling/intervals";
import type { HeldBooking } from "@/lib/scheduling/rules";

/**
 * One prepared statement per database (tests install fresh ones), built once: drizzle turning the query
 * into SQL cost more CPU than Postgres answering it, on a path every slot lookup takes. Hosts travel as
 * one uuid[] so that the statement is the same for any number of them.
 */
function prepareHeldTime(database: Database) {
  const ignoreBookingId = sql.placeholder("ignoreBookingId");
  return database
    .select({
      hostUserId: bookingHolds.hostUserId,
      start: sql<number>`(extract(epoch from lower(${bookingHolds.blockedDuring})) * 1000)::float8`.mapWith(Number),
      end: sql<number>`(extract(epoch from upper(${bookingHolds.blockedDuring})) * 1000)::float8`.mapWith(Number),
      countsOn: sql<number>`(extract(epoch from ${bookings.startsAt}) * 1000)::float8`.mapWith(Number),
    })
    .from(bookingHolds)
    .innerJoin(bookings, eq(bookings.id, bookingHolds.bookingId))
    .where(
      and(
        sql`${bookingHolds.hostUserId} = any(${sql.placeholder("hostUserIds")}::uuid[])`,
        eq(bookingHolds.released, false),
        sql`(${ignoreBookingId}::uuid is null or ${bookingHolds.bookingId} <> ${ignoreBookingId}::uuid)`,
        sql`${bookingHolds.blockedDuring} && ${sql.placeholder("span")}::tstzrange`,
      ),
    )
    .prepare("held_time");
}

const statements = new WeakMap<Database, ReturnType<typeof prepareHeldTime>>();

function heldTimeStatement(database: Database): ReturnType<typeof prepareHeldTime> {
  let found = statements.get(database);
  if (!found) {
    found = prepareHeldTime(database);
    statements.set(database, found);
  }
  return found;
}

/**
 * Each host's unreleased holds overlapping `span`, as the ranges the exclusion constraint compares:
 * [start − buffer before, end + buffer after) of the booking they belong to. Handed to the slot engine as
 * bookings, they make it refuse exactly what the constraint would; each counts toward the daily limit on
 * its meeting's start (`countsOn`), as the database's guard counts it.
 * `ignoreBookingId`: a booking being rescheduled must not block its own new time.
 */
export async function loadHeldTime(input: {
  hostUserIds: readonly string[];
  span: TimeInterval;
  ignoreBookingId?: string;
}): Promise<Map<string, HeldBooking[]>> {
  const held = new Map<string, HeldBooking[]>();
  if (input.hostUserIds.length === 0) return held;
  const rows = await heldTimeStatement(db()).execute({
    hostUserIds: [...input.hostUserIds],
    ignoreBookingId: input.ignoreBookingId ?? null,
    span: `[${new Date(input.span.start).toISOString()},${new Date(input.span.end).toISOString()})`,
  });
  for (const row of rows) {
    const list = held.get(row.hostUserId) ?? [];
    list.push({ start: row.start, end: row.end, countsOn: row.countsOn });
    held.set(row.hostUserId, list);
  }
  return held;
}
