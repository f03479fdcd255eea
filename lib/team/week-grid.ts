import { DateTime } from "luxon";

// The team grid's arithmetic, shared by the page and its tests: days and hours in the viewer's chosen
// IANA zone (luxon, so DST days are 23 or 25 hours long), busy blocks as UTC instants.

export interface Interval {
  start: number;
  end: number;
}

export interface DayWindow extends Interval {
  /** ISO date (yyyy-MM-dd) in the chosen zone. */
  date: string;
  /** e.g. "Mon 23 Nov". */
  label: string;
}

/** The Monday (ISO date) of the week holding `instant` in `zone`. */
export function weekStartOf(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).startOf("week").toISODate() ?? "";
}

/** Moves an ISO Monday by whole weeks. */
export function shiftWeek(weekStart: string, weeks: number): string {
  return DateTime.fromISO(weekStart, { zone: "UTC" }).plus({ weeks }).toISODate() ?? weekStart;
}

/** The whole week [Monday 00:00, next Monday 00:00) in `zone`, as UTC instants: the window to fetch. */
export function weekRange(weekStart: string, zone: string): Interval {
  const start = DateTime.fromISO(weekStart, { zone }).startOf("day");
  return { start: start.toMillis(), end: start.plus({ weeks: 1 }).toMillis() };
}

/**
 * The visible part of each work day: from `startHour` to `endHour` local time in `zone`. Wall-clock
 * arithmetic, so on a DST day the window is still 08:00–18:00 on the clock, and its length differs.
 */
export function dayWindows(input: {
  weekStart: string;
  zone: string;
  workDays: number[];
  startHour: number;
  endHour: number;
}): DayWindow[] {
  const monday = DateTime.fromISO(input.weekStart, { zone: input.zone }).startOf("day");
  return [...input.workDays]
    .sort((a, b) => a - b)
    .map((weekday) => {
      const day = monday.plus({ days: weekday - 1 });
      const start = day.set({ hour: input.startHour });
      const end = input.endHour === 24 ? day.plus({ days: 1 }).startOf("day") : day.set({ hour: input.endHour });
      return {
        date: day.toISODate() ?? "",
        label: day.toFormat("ccc d LLL"),
        start: start.toMillis(),
        end: end.toMillis(),
      };
    });
}

export interface PlacedBlock<S> extends Interval {
  status: S;
  /** Percent of the day window. */
  left: number;
  width: number;
}

/** The busy blocks that overlap `window`, clipped to it, with their position in percent. */
export function placeBlocks<S>(busy: Array<{ start: string; end: string; status: S }>, window: Interval) {
  const length = window.end - window.start;
  const placed: PlacedBlock<S>[] = [];
  for (const block of busy) {
    const start = Math.max(Date.parse(block.start), window.start);
    const end = Math.min(Date.parse(block.end), window.end);
    if (end <= start) continue;
    placed.push({
      status: block.status,
      start,
      end,
      left: ((start - window.start) / length) * 100,
      width: ((end - start) / length) * 100,
    });
  }
  return placed;
}

/**
 * The times inside `window` when nobody in `busyLists` is busy: one sorted sweep over all their blocks,
 * merging overlaps, then the gaps between them.
 */
export function commonFree(busyLists: Array<Array<{ start: string; end: string }>>, window: Interval): Interval[] {
  const blocks = busyLists
    .flat()
    .map((b) => ({ start: Math.max(Date.parse(b.start), window.start), end: Math.min(Date.parse(b.end), window.end) }))
    .filter((b) => b.end > b.start)
    .sort((a, b) => a.start - b.start);
  const free: Interval[] = [];
  let cursor = window.start;
  for (const block of blocks) {
    if (block.start > cursor) free.push({ start: cursor, end: block.start });
    cursor = Math.max(cursor, block.end);
  }
  if (cursor < window.end) free.push({ start: cursor, end: window.end });
  return free;
}

/** "09:30" in `zone`. */
export function clock(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toFormat("HH:mm");
}

/** The ISO date of `instant` in `zone` (which column is "today"). */
export function localDate(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toISODate() ?? "";
}
