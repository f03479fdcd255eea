import type { AvailabilityWindow } from "./types";

/** Exchange's limits for one GetUserAvailability (see EWS-NOTES.md). */
export const MAX_MAILBOXES_PER_REQUEST = 100;
export const MAX_DAYS_PER_REQUEST = 42;

const DAY_MS = 86_400_000;

/** Whole UTC days, [start, end): ews-javascript-api writes the window as dates only. */
export interface UtcDayRange {
  start: Date;
  end: Date;
}

/** One EWS request: a group of mailboxes over a range of days. */
export interface PlannedRequest {
  group: number;
  mailboxes: string[];
  days: UtcDayRange;
}

/** The same address written twice (or in another case) is one member and one slot in a request. */
export function normaliseMailboxes(mailboxes: readonly string[]): string[] {
  const unique = new Set(mailboxes.map((m) => m.trim().toLowerCase()).filter((m) => m.length > 0));
  return [...unique];
}

export function assertValidWindow(window: AvailabilityWindow): void {
  const start = window.start.getTime();
  const end = window.end.getTime();
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) {
    throw new RangeError("The availability window needs a valid start before its end.");
  }
}

/** The smallest run of whole UTC days that contains the window. */
export function coveringUtcDays(window: AvailabilityWindow): UtcDayRange {
  const start = Math.floor(window.start.getTime() / DAY_MS) * DAY_MS;
  const end = Math.ceil(window.end.getTime() / DAY_MS) * DAY_MS;
  return { start: new Date(start), end: new Date(end) };
}

export function splitDays(input: { range: UtcDayRange; maxDays: number }): UtcDayRange[] {
  const pieces: UtcDayRange[] = [];
  const step = input.maxDays * DAY_MS;
  for (let from = input.range.start.getTime(); from < input.range.end.getTime(); from += step) {
    pieces.push({ start: new Date(from), end: new Date(Math.min(from + step, input.range.end.getTime())) });
  }
  return pieces;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** Every request a lookup needs: each group of ≤100 mailboxes crossed with each ≤42-day piece of the window. */
export function planRequests(input: { mailboxes: string[]; window: AvailabilityWindow }): PlannedRequest[] {
  const pieces = splitDays({ range: coveringUtcDays(input.window), maxDays: MAX_DAYS_PER_REQUEST });
  return chunk(input.mailboxes, MAX_MAILBOXES_PER_REQUEST).flatMap((mailboxes, group) =>
    pieces.map((days) => ({ group, mailboxes, days })),
  );
}
