import { z } from "zod";

// Dates and instants as input names them. Every one must lie in a range wide enough for any real booking
// and for a client whose clock or calendar is far off (a 1990 slots lookup answers an empty list), and
// narrow enough that nothing computed from it (a window widened by buffers, the day after the last one)
// leaves what Intl, Postgres and Exchange accept: year 9999 had answered 500.

export const FIRST_YEAR = 1970;
export const LAST_YEAR = 2199;

/** The first instant in range and the first after it, epoch ms. */
export const DATE_RANGE = { start: Date.UTC(FIRST_YEAR, 0, 1), end: Date.UTC(LAST_YEAR + 1, 0, 1) } as const;

export const DATE_RANGE_MESSAGE = `must lie between ${FIRST_YEAR} and ${LAST_YEAR}`;

export function isWithinDateRange(epochMs: number): boolean {
  return Number.isFinite(epochMs) && epochMs >= DATE_RANGE.start && epochMs < DATE_RANGE.end;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch ms of a real calendar date written YYYY-MM-DD (UTC midnight), else undefined. */
function utcMidnightOf(text: string): number | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, takes years 0–99 as written; an impossible day rolls over, caught below.
  const ms = date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return ms;
}

/** A calendar date written YYYY-MM-DD: a real one, within the range. Stays text (its zone is the caller's). */
export function calendarDate(messages: { format?: string; range?: string } = {}): z.ZodString {
  const format = messages.format ?? "must be a date written YYYY-MM-DD";
  return z
    .string()
    .max(10, format)
    .check((ctx) => {
      const ms = utcMidnightOf(ctx.value);
      const problem = ms === undefined ? format : isWithinDateRange(ms) ? null : (messages.range ?? DATE_RANGE_MESSAGE);
      if (problem) ctx.issues.push({ code: "custom", message: problem, input: ctx.value });
    });
}

/**
 * An ISO-8601 instant with its zone (2030-03-04T09:00:00Z, or an offset): one without a zone would be read
 * in the server's. Within the range; read into a Date.
 */
export function isoInstant(messages: { format?: string; range?: string } = {}) {
  const format = messages.format ?? "must be an ISO-8601 instant such as 2030-03-04T09:00:00Z";
  return z
    .string()
    .max(40, format)
    .pipe(z.iso.datetime({ offset: true, message: format }))
    .transform((value) => new Date(value))
    .refine((date) => isWithinDateRange(date.getTime()), { message: messages.range ?? DATE_RANGE_MESSAGE });
}
