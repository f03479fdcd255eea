import { DateTime } from "luxon";
import { createIanaZone } from "../timezone/zones";
import type { CalendarEntry, CalendarEvent, Recurrence } from "./model";

const DAY_MS = 86_400_000;
/** Series without an end are expanded this far past their start, which covers any view the core allows. */
const OPEN_SERIES_DAYS = 3 * 366;

function parseLocalDate(date: string): number {
  return DateTime.fromISO(date, { zone: "UTC" }).toMillis();
}

function matchesPattern(input: { recurrence: Recurrence; dayIndex: number; date: number }): boolean {
  const { pattern } = input.recurrence;
  if (pattern.kind === "daily") return input.dayIndex % pattern.interval === 0;
  const dow = new Date(input.date).getUTCDay();
  if (!pattern.days.includes(dow)) return false;
  // Weeks are counted from the Sunday on or before the series start (Exchange's default FirstDayOfWeek).
  const start = parseLocalDate(input.recurrence.startDate);
  const firstSunday = start - new Date(start).getUTCDay() * DAY_MS;
  const week = Math.floor((input.date - firstSunday) / (7 * DAY_MS));
  return week % pattern.interval === 0;
}

/** Original start instants of a series, in order, up to `until` (UTC ms). */
export function listOriginalStarts(input: { event: CalendarEvent; until: number }): number[] {
  const { event } = input;
  const recurrence = event.recurrence;
  if (!recurrence) return [event.start];
  const zone = createIanaZone(event.timeZone);
  const masterWall = zone.toWall(event.start);
  const timeOfDay = ((masterWall % DAY_MS) + DAY_MS) % DAY_MS;
  const first = parseLocalDate(recurrence.startDate);
  const last = recurrence.endDate ? parseLocalDate(recurrence.endDate) : first + OPEN_SERIES_DAYS * DAY_MS;
  const starts: number[] = [];
  for (let date = first, dayIndex = 0; date <= last; date += DAY_MS, dayIndex++) {
    if (!matchesPattern({ recurrence, dayIndex, date })) continue;
    const start = event.isAllDay ? zone.toUtc(date) : zone.toUtc(date + timeOfDay);
    if (start >= input.until) break;
    starts.push(start);
    if (recurrence.numberOfOccurrences !== undefined && starts.length >= recurrence.numberOfOccurrences) break;
  }
  return starts;
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
    for (const originalStart of listOriginalStarts({ event, until: input.to + 7 * DAY_MS })) {
      const exception = event.exceptions.get(originalStart);
      if (exception?.deleted) continue;
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
