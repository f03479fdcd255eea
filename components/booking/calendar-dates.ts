// Calendar arithmetic for the public booking page with Intl only: a date library would cost the page
// more first-load JavaScript than everything else on it. Plain dates ("YYYY-MM-DD") and months
// ("YYYY-MM") are computed in UTC, where no clock ever changes; zones enter only when an instant is
// turned into the customer's local date or time.

export interface Slot {
  start: string;
  end: string;
}

const DAY_MS = 86_400_000;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

function plainDate(utc: Date): string {
  return `${pad(utc.getUTCFullYear(), 4)}-${pad(utc.getUTCMonth() + 1)}-${pad(utc.getUTCDate())}`;
}

function utcOf(date: string): Date {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day));
}

// Building a DateTimeFormat costs far more than using one; the slot list formats many instants per render.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(key: { locale?: string; options: Intl.DateTimeFormatOptions }): Intl.DateTimeFormat {
  const id = `${key.locale ?? ""}|${JSON.stringify(key.options)}`;
  let found = formatters.get(id);
  if (!found) {
    found = new Intl.DateTimeFormat(key.locale, key.options);
    formatters.set(id, found);
  }
  return found;
}

/** The local calendar date of `instant` in `timeZone`, as YYYY-MM-DD. */
export function localDateOf(input: { instant: Date | string; timeZone: string }): string {
  const parts = formatter({
    locale: "en-US",
    options: { timeZone: input.timeZone, year: "numeric", month: "2-digit", day: "2-digit" },
  }).formatToParts(new Date(input.instant));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year").padStart(4, "0")}-${part("month")}-${part("day")}`;
}

export function addDays(input: { date: string; days: number }): string {
  return plainDate(new Date(utcOf(input.date).getTime() + input.days * DAY_MS));
}

export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function addMonths(input: { month: string; months: number }): string {
  const [year, month] = input.month.split("-").map(Number) as [number, number];
  return plainDate(new Date(Date.UTC(year, month - 1 + input.months, 1))).slice(0, 7);
}

export function firstDayOf(month: string): string {
  return `${month}-01`;
}

export function lastDayOf(month: string): string {
  return addDays({ date: firstDayOf(addMonths({ month, months: 1 })), days: -1 });
}

/**
 * The month's weeks, Monday first, as plain dates; days outside the month are null so the grid keeps
 * its columns without offering them.
 */
export function monthWeeks(month: string): Array<Array<string | null>> {
  const first = firstDayOf(month);
  const last = lastDayOf(month);
  const leading = (utcOf(first).getUTCDay() + 6) % 7;
  const cells: Array<string | null> = Array.from({ length: leading }, () => null);
  for (let date = first; date <= last; date = addDays({ date, days: 1 })) cells.push(date);
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: Array<Array<string | null>> = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** Monday-first weekday names for the grid's column headers. */
export function weekdayNames(locale?: string): Array<{ short: string; long: string }> {
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => {
    const day = new Date(Date.UTC(2024, 0, 1 + i));
    return {
      short: formatter({ locale, options: { timeZone: "UTC", weekday: "short" } }).format(day),
      long: formatter({ locale, options: { timeZone: "UTC", weekday: "long" } }).format(day),
    };
  });
}

/** "Tuesday, 1 December 2026" for a plain date (zone-free: the date is already local). */
export function formatLongDate(input: { date: string; locale?: string }): string {
  return formatter({
    locale: input.locale,
    options: { timeZone: "UTC", weekday: "long", day: "numeric", month: "long", year: "numeric" },
  }).format(utcOf(input.date));
}

export function formatMonth(input: { month: string; locale?: string }): string {
  return formatter({ locale: input.locale, options: { timeZone: "UTC", month: "long", year: "numeric" } }).format(
    utcOf(firstDayOf(input.month)),
  );
}

/** "9:30 AM" (or the locale's own form) of an instant in `timeZone`. */
export function formatTime(input: { instant: string; timeZone: string; locale?: string }): string {
  return formatter({
    locale: input.locale,
    options: { timeZone: input.timeZone, hour: "numeric", minute: "2-digit" },
  }).format(new Date(input.instant));
}

/** The whole appointment for the confirmation: date, times and the zone's name. */
export function formatAppointment(input: { slot: Slot; timeZone: string; locale?: string }): string {
  const day = formatLongDate({
    date: localDateOf({ instant: input.slot.start, timeZone: input.timeZone }),
    locale: input.locale,
  });
  const from = formatTime({ instant: input.slot.start, timeZone: input.timeZone, locale: input.locale });
  const to = formatter({
    locale: input.locale,
    options: { timeZone: input.timeZone, hour: "numeric", minute: "2-digit", timeZoneName: "short" },
  }).format(new Date(input.slot.end));
  return `${day}, ${from} – ${to}`;
}

/** Slots grouped by the local date they start on in `timeZone`, in time order. */
export function slotsByDay(input: { slots: Slot[]; timeZone: string }): Map<string, Slot[]> {
  const days = new Map<string, Slot[]>();
  const sorted = [...input.slots].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  for (const slot of sorted) {
    const date = localDateOf({ instant: slot.start, timeZone: input.timeZone });
    const list = days.get(date);
    if (list) list.push(slot);
    else days.set(date, [slot]);
  }
  return days;
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function timeZoneOptions(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return all.includes(current) ? all : [current, ...all];
}
