import type { RawWorkingPeriod } from "./working-hours-response";

/** ISO weekday: 1 Monday … 7 Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Minutes after local midnight, [startMinute, endMinute), within one day (endMinute ≤ 1440). */
export interface WorkingWindow {
  startMinute: number;
  endMinute: number;
}

/** Days without working hours have no entry. */
export type WeeklyWorkingHours = Partial<Record<IsoWeekday, WorkingWindow[]>>;

const DAY_MINUTES = 1440;
const WEEKDAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5];

/** DayOfWeekType's values; Day, Weekday and WeekendDay stand for several days. A Map: names come from the server. */
const DAYS = new Map<string, readonly IsoWeekday[]>([
  ["Monday", [1]],
  ["Tuesday", [2]],
  ["Wednesday", [3]],
  ["Thursday", [4]],
  ["Friday", [5]],
  ["Saturday", [6]],
  ["Sunday", [7]],
  ["Weekday", WEEKDAYS],
  ["WeekendDay", [6, 7]],
  ["Day", [1, 2, 3, 4, 5, 6, 7]],
]);

const nextDay = (day: IsoWeekday) => ((day % 7) + 1) as IsoWeekday;

function readMinutes(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,4}$/.test(text)) return undefined;
  const minutes = Number(text);
  return minutes <= 2 * DAY_MINUTES ? minutes : undefined;
}

function readDays(text: string | undefined): IsoWeekday[] | undefined {
  const names = (text ?? "").split(/\s+/).filter((name) => name.length > 0);
  const days = names.map((name) => DAYS.get(name));
  if (days.length === 0 || days.some((day) => day === undefined)) return undefined;
  return days.flatMap((day) => day ?? []);
}

/**
 * A period's pieces as [day, start, end) within single days: one that ends before its start, or after
 * midnight, runs into the next day (Sunday into Monday). Equal start and end is no time at all.
 */
function splitAtMidnight(input: { day: IsoWeekday; start: number; end: number }) {
  const { day, start } = input;
  if (start >= DAY_MINUTES) return [];
  const end = input.end < start ? input.end + DAY_MINUTES : input.end;
  if (end <= start) return [];
  const pieces = [{ day, startMinute: start, endMinute: Math.min(end, DAY_MINUTES) }];
  if (end > DAY_MINUTES) pieces.push({ day: nextDay(day), startMinute: 0, endMinute: end - DAY_MINUTES });
  return pieces;
}

function mergeWindows(windows: WorkingWindow[]): WorkingWindow[] {
  const sorted = [...windows].sort((a, b) => a.startMinute - b.startMinute || a.endMinute - b.endMinute);
  const merged: WorkingWindow[] = [];
  for (const window of sorted) {
    const last = merged[merged.length - 1];
    if (last && window.startMinute <= last.endMinute) last.endMinute = Math.max(last.endMinute, window.endMinute);
    else merged.push({ ...window });
  }
  return merged;
}

/**
 * WorkingPeriods as weekly hours in the WorkingHours' own zone, each day's windows sorted and merged.
 * undefined when a period cannot be read (an unknown day name, minutes that are not a count), so a
 * misread never becomes hours someone could be booked in. No periods at all is an empty week.
 */
export function toWeeklyWorkingHours(periods: readonly RawWorkingPeriod[]): WeeklyWorkingHours | undefined {
  const byDay = new Map<IsoWeekday, WorkingWindow[]>();
  for (const period of periods) {
    const days = readDays(period.DayOfWeek);
    const start = readMinutes(period.StartTimeInMinutes);
    const end = readMinutes(period.EndTimeInMinutes);
    if (!days || start === undefined || end === undefined) return undefined;
    for (const day of days) {
      for (const { day: pieceDay, ...window } of splitAtMidnight({ day, start, end })) {
        byDay.set(pieceDay, [...(byDay.get(pieceDay) ?? []), window]);
      }
    }
  }
  const weekly: WeeklyWorkingHours = {};
  for (const day of [1, 2, 3, 4, 5, 6, 7] as const) {
    const windows = byDay.get(day);
    if (windows) weekly[day] = mergeWindows(windows);
  }
  return weekly;
}
