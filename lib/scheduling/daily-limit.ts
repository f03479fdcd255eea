import type { HeldBooking } from "./rules";
import type { ZoneClock } from "./zone-clock";

/**
 * The host's local days (day numbers in the host's zone) that already hold `dailyLimit` bookings: a
 * booking counts on the local day of its meeting's start, and a full day offers none of that host's slots.
 * The database applies the same count when it reserves (lib/bookings/reserve/daily-limit-guard.ts).
 */
export function fullDays(input: {
  bookings: readonly HeldBooking[];
  dailyLimit: number | null;
  clock: ZoneClock;
}): ReadonlySet<number> {
  const full = new Set<number>();
  if (input.dailyLimit === null) return full;
  const perDay = new Map<number, number>();
  for (const booking of input.bookings) {
    const day = input.clock.localDayOf(booking.countsOn ?? booking.start);
    const count = (perDay.get(day) ?? 0) + 1;
    perDay.set(day, count);
    if (count >= input.dailyLimit) full.add(day);
  }
  return full;
}
