import { DateTime } from "luxon";
import { createIanaZone, type IanaZone } from "../timezone/zones";
import type { CalendarEntry, CalendarEvent, Recurrence } from "./model";

const DAY_MS = 86_400_000;
/** Series without an end are expanded this far past their start, which covers any view the core allows. */
const OPEN_SERIES_DAYS = 3 * 366;

function parseLocalDate(date: string): number {
  return DateTime.fromISO(date, { zone: "UTC" }).toMillis();
}

/** Whether a local date (`date`, `dayIndex` days after the series start) is in the pattern. */
function matchesPattern(input: {
  recurrence: Recurrence;
  firstSunday: number;
  dayIndex: number;
  date: number;
}): boolean {
  const { pattern } = input.recurrence;
  if (pattern.kind === "daily") return input.dayIndex % pattern.interval === 0;
  const dow = new Date(input.date).getUTCDay();
  if (!pattern.days.includes(dow)) return false;
  const week = Math.floor((input.date - input.firstSunday) / (7 * DAY_MS));
  return week % pattern.interval === 0;
}

/** Every original start of a series, in order (the whole range: end date, count or OPEN_SERIES_DAYS). */
function expandSeries(input: { event: CalendarEvent; recurrence: Recurrence; zone: IanaZone }): number[] {
  const { event, recurrence, zone } = input;
  const masterWall = zone.toWall(event.start);
  const timeOfDay = ((masterWall % DAY_MS) + DAY_MS) % DAY_MS;
  const first = parseLocalDate(recurrence.startDate);
  // Weeks are counted from the Sunday on or before the series start (Exchange's default FirstDayOfWeek).
  const firstSunday = first - new Date(first).getUTCDay() * DAY_MS;
  const last = recurrence.endDate ? parseLocalDate(recurrence.endDate) : first + OPEN_SERIES_DAYS * DAY_MS;
  const starts: number[] = [];
  for (let date = first, dayIndex = 0; date <= last; date += DAY_MS, dayIndex++) {
    if (!matchesPattern({ recurrence, firstSunday, dayIndex, date })) continue;
    starts.push(event.isAllDay ? zone.toUtc(date) : zone.toUtc(date + timeOfDay));
    if (recurrence.numberOfOccurrences !== undefined && starts.length >= recurrence.numberOfOccurrences) break;
  }
  return starts;
}

/**
 * Every request used to re-expand every series from its start, a zone conversion per day. The
 * simulator is the server and may keep state, so each series is expanded once and reused until
 * something it depends on changes. The key is built from those inputs themselves rather than
 * from the event's version, so an edit that forgets to bump the version cannot serve stale starts.
 * Exceptions are not part of it: they are applied on top, per request.
 */
const expansions = new WeakMap<CalendarEvent, { key: string; starts: readonly number[] }>();

function listAllOriginalStarts(input: { event: CalendarEvent; recurrence: Recurrence }): readonly number[] {
  const { event, recurrence } = input;
  const zone = createIanaZone(event.timeZone);
  const key = `${zone.provisionalOffset()}|${event.timeZone}|${event.start}|${event.isAllDay}|${JSON.stringify(recurrence)}`;
  const cached = expansions.get(event);
  if (cached?.key === key) return cached.starts;
  const starts = Object.freeze(expandSeries({ event, recurrence, zone }));
  expansions.set(event, { key, starts });
  return starts;
}

/** Original start instants of a series, in order, up to `until` (UTC ms). */
export function listOriginalStarts(input: { event: CalendarEvent; until: number }): number[] {
  const { event } = input;
  const recurrence = event.recurrence;
  if (!recurrence) return [event.start];
  const all = listAllOriginalStarts({ event, recurrence });
  // The same prefix the expansion used to stop at: up to the first start at or after `until` (NaN is not).
  let count = 0;
  while (count < all.length && !((all[count] as number) >= input.until)) count++;
  return all.slice(0, count);
}

/** Single items and expanded occurrences (with modified/deleted exceptions) overlapping [from, to). */
export function listCalendarEntries(input: { events: CalendarEvent[]; from: number; to: number }): CalendarEntry[] {
  const entries: CalendarEntry[] = [];
  for (const event of input.events) {
    if (!event.recurrence) {
      if (event.start < input.to && event.end > input.from) entries.push({ event, fields: event, kind: "Single" });
      continue;
    }
    const duration = event.end - event.start;
    // A modified occurrence may have moved later than its original slot, so look a little past the window.
    const until = input.to + 7 * DAY_MS;
    for (const originalStart of listAllOriginalStarts({ event, recurrence: event.recurrence })) {
      if (originalStart >= until) break;
      const exception = event.exceptions.get(originalStart);
      if (exception?.deleted) continue;
      // An unmodified occurrence keeps its slot: rule it out before building its fields.
      if (!exception && !(originalStart < input.to && originalStart + duration > input.from)) continue;
      const base = { ...event, start: originalStart, end: originalStart + duration };
      const fields = exception ? { ...base, ...exception.fields } : base;
      if (fields.start < input.to && fields.end > input.from) {
        entries.push({ event, fields, kind: exception ? "Exception" : "Occurrence", originalStart });
      }
    }
  }
  return entries.sort((a, b) => a.fields.start - b.fields.start || a.fields.end - b.fields.end);
}

/** The entry a (possibly occurrence) id points at, or undefined when the occurrence does not exist. */
export function findCalendarEntry(input: {
  event: CalendarEvent;
  occurrenceStart?: number;
}): CalendarEntry | undefined {
  const { event, occurrenceStart } = input;
  if (occurrenceStart === undefined) {
    return { event, fields: event, kind: "Single" };
  }
  if (!event.recurrence) return undefined;
  const exception = event.exceptions.get(occurrenceStart);
  if (exception?.deleted) return undefined;
  const starts = listOriginalStarts({ event, until: occurrenceStart + 1 });
  if (starts[starts.length - 1] !== occurrenceStart) return undefined;
  const base = { ...event, start: occurrenceStart, end: occurrenceStart + (event.end - event.start) };
  return {
    event,
    fields: exception ? { ...base, ...exception.fields } : base,
    kind: exception ? "Exception" : "Occurrence",
    originalStart: occurrenceStart,
  };
}
