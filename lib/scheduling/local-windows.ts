import type { TimeInterval } from "./intervals";
import type { HostSchedule, MinuteWindow } from "./rules";
import { DAY_MS, dayOfIsoDate, isoWeekdayOf, MINUTE_MS, type ZoneClock } from "./zone-clock";

// A host's wall-clock hours turned into UTC windows, one local day at a time, through the zone clock
// (arithmetic only). Each window keeps its own start: slots are laid on a grid from there.

/** Sorted, with touching windows joined: 09:00–12:00 and 12:00–17:00 are one stretch of availability. */
export function joinWindows(windows: readonly MinuteWindow[]): MinuteWindow[] {
  const sorted = [...windows].sort((a, b) => a.startMinute - b.startMinute);
  const joined: MinuteWindow[] = [];
  for (const window of sorted) {
    const last = joined[joined.length - 1];
    if (last && window.startMinute <= last.endMinute) {
      joined[joined.length - 1] = {
        startMinute: last.startMinute,
        endMinute: Math.max(last.endMinute, window.endMinute),
      };
    } else {
      joined.push(window);
    }
  }
  return joined;
}

/** The schedule's windows by weekday and by override day, joined once per call rather than per day. */
function indexSchedule(schedule: HostSchedule) {
  const weekly = new Map<number, MinuteWindow[]>();
  for (const [weekday, windows] of Object.entries(schedule.weekly)) {
    if (windows) weekly.set(Number(weekday), joinWindows(windows));
  }
  const overrides = new Map<number, MinuteWindow[]>();
  for (const [date, windows] of Object.entries(schedule.overrides ?? {})) {
    const day = dayOfIsoDate(date);
    if (day !== undefined) overrides.set(day, joinWindows(windows));
  }
  return { weekly, overrides };
}

/**
 * The host's windows, sorted, for every local day that `span` touches, leaving out `closedDays` (day
 * numbers in the host's zone, e.g. days at the booking limit). Windows reaching outside `span` are kept
 * whole: the grid starts at their real start.
 */
export function availabilityWindows(input: {
  schedule: HostSchedule;
  clock: ZoneClock;
  span: TimeInterval;
  closedDays?: ReadonlySet<number>;
}): TimeInterval[] {
  const { clock, closedDays } = input;
  const { weekly, overrides } = indexSchedule(input.schedule);
  const firstDay = clock.localDayOf(input.span.start);
  const lastDay = clock.localDayOf(input.span.end);
  const windows: TimeInterval[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    if (closedDays?.has(day)) continue;
    const midnight = day * DAY_MS;
    for (const window of overrides.get(day) ?? weekly.get(isoWeekdayOf(day)) ?? []) {
      const start = clock.instantOfWallTime(midnight + window.startMinute * MINUTE_MS);
      const end = clock.instantOfWallTime(midnight + window.endMinute * MINUTE_MS);
      // A window entirely inside a skipped hour has no instants at all.
      if (end > start) windows.push({ start, end });
    }
  }
  return windows;
}
