import "server-only";
import { and, eq, gte, lt, ne, sql } from "drizzle-orm";
import type { Transaction } from "@/lib/db";
import { bookingHolds, bookings } from "@/lib/db/schema";
import { createZoneClock, DAY_MS } from "@/lib/scheduling/zone-clock";

/** One host's local day, as instants: [from, to) from local midnight to the next. */
export interface HostDay {
  hostUserId: string;
  from: Date;
  to: Date;
}

/** The local day, in `timeZone`, that holds `instant`: a 23- or 25-hour day on a DST change. */
export function hostDayOf(input: { hostUserId: string; timeZone: string; instant: number }): HostDay {
  const clock = createZoneClock({
    zone: input.timeZone,
    span: { start: input.instant - 2 * DAY_MS, end: input.instant + 2 * DAY_MS },
  });
  const day = clock.localDayOf(input.instant);
  return {
    hostUserId: input.hostUserId,
    from: new Date(clock.instantOfWallTime(day * DAY_MS)),
    to: new Date(clock.instantOfWallTime((day + 1) * DAY_MS)),
  };
}

/**
 * The database's word on the daily limit, inside the reserving transaction: for each host's day (in a fixed
 * order, so two transactions never wait on each other's locks in a circle) it takes a transaction-scoped
 * advisory lock on that host and day, then counts the host's unreleased bookings starting on it. Every
 * reservation of that host and day queues on the same lock, and READ COMMITTED lets the count that follows
 * it see what the previous holder committed, so however many requests race, no day gets more than `limit`.
 * The slot engine's count (lib/scheduling/daily-limit.ts) is the same one, made earlier to choose slots.
 * Returns the first host whose day is full, or null.
 */
export async function firstFullDay(input: {
  tx: Transaction;
  limit: number;
  days: readonly HostDay[];
  /** A booking being moved does not count against its own new day. */
  ignoreBookingId?: string;
}): Promise<HostDay | null> {
  const ordered = [...input.days].sort(
    (a, b) => a.hostUserId.localeCompare(b.hostUserId) || a.from.getTime() - b.from.getTime(),
  );
  for (const day of ordered) {
    const key = `slotbridge:daily-limit:${day.hostUserId}:${day.from.toISOString()}`;
    await input.tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
    const [counted] = await input.tx
      .select({ count: sql<number>`count(*)::int` })
      .from(bookingHolds)
      .innerJoin(bookings, eq(bookings.id, bookingHolds.bookingId))
      .where(
        and(
          eq(bookingHolds.hostUserId, day.hostUserId),
          eq(bookingHolds.released, false),
          gte(bookings.startsAt, day.from),
          lt(bookings.startsAt, day.to),
          input.ignoreBookingId ? ne(bookings.id, input.ignoreBookingId) : undefined,
        ),
      );
    const count = counted?.count ?? 0;
    if (count >= input.limit) return day;
  }
  return null;
}

/** What reserving a meeting starting at `start` must check: each host's day of it, when the page has a limit. */
export function dailyLimitCheck(input: {
  dailyLimit: number | null;
  hostUserIds: readonly string[];
  start: number;
  hostTimeZones: ReadonlyMap<string, string>;
}): DailyLimitCheck | undefined {
  if (input.dailyLimit === null) return undefined;
  return {
    limit: input.dailyLimit,
    days: input.hostUserIds.map((hostUserId) => {
      const timeZone = input.hostTimeZones.get(hostUserId);
      if (!timeZone) throw new Error("a host offered for a slot has no time zone");
      return hostDayOf({ hostUserId, timeZone, instant: input.start });
    }),
  };
}

export interface DailyLimitCheck {
  limit: number;
  days: HostDay[];
}
