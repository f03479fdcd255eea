import { z } from "zod";
import { createZoneClock, DAY_MS, dayOfIsoDate, isKnownTimeZone } from "@/lib/scheduling/zone-clock";
import { calendarDate, isoInstant } from "@/lib/validation/dates";
import { multiLineText, nameText, singleLineText } from "@/lib/validation/text";

/** At most this many days per slot lookup: a customer's month view and then some. */
export const MAX_SLOT_WINDOW_DAYS = 62;

/** Between 1970 and 2199: a window far outside what the page offers answers empty, one beyond that 400. */
const localDate = calendarDate();
const timeZone = z.string().max(64).refine(isKnownTimeZone, "must be an IANA time zone such as Europe/Berlin");

/**
 * `?start=YYYY-MM-DD&end=YYYY-MM-DD&timeZone=IANA`: local days in that zone, end included. The window runs
 * from the first instant of the first day to the first instant of the day after the last, read from the
 * zone clock the slot engine uses (so a day whose midnight a DST jump skips starts at the jump), not from
 * luxon date arithmetic, which cost more than the rest of the request's parsing.
 */
export const slotsQuerySchema = z.object({ start: localDate, end: localDate, timeZone }).transform((query, ctx) => {
  // An unknown zone was reported by its own refinement; there is no clock to read it with.
  if (!isKnownTimeZone(query.timeZone)) return z.NEVER;
  const first = dayOfIsoDate(query.start);
  const last = dayOfIsoDate(query.end);
  if (first === undefined || last === undefined) {
    ctx.addIssue({ code: "custom", message: "start and end must be real calendar dates" });
    return z.NEVER;
  }
  const days = last - first + 1;
  if (days < 1) {
    ctx.addIssue({ code: "custom", message: "end must not be before start" });
    return z.NEVER;
  }
  if (days > MAX_SLOT_WINDOW_DAYS) {
    ctx.addIssue({ code: "custom", message: `at most ${MAX_SLOT_WINDOW_DAYS} days per request` });
    return z.NEVER;
  }
  // Wall-clock days written as UTC give the span within a day of the instants (offsets stay under 15 h).
  const clock = createZoneClock({
    zone: query.timeZone,
    span: { start: (first - 1) * DAY_MS, end: (last + 2) * DAY_MS },
  });
  return {
    timeZone: query.timeZone,
    window: { start: clock.instantOfWallTime(first * DAY_MS), end: clock.instantOfWallTime((last + 1) * DAY_MS) },
  };
});

export type SlotsQuery = z.output<typeof slotsQuerySchema>;

/** A customer's booking request: the slot, who they are, and the bot-protection fields. */
export const bookingRequestSchema = z.object({
  /** With its zone: a slot's start as the slots answer gives it. */
  start: isoInstant(),
  name: nameText().min(1, "Please enter your name.").max(200, "Please keep your name under 200 characters."),
  email: z.email("Please enter a valid email address.").max(254).toLowerCase(),
  timeZone,
  notes: multiLineText().max(2000, "Please keep notes under 2,000 characters.").optional(),
  answers: z
    .record(singleLineText().max(40), singleLineText().max(1000, "Please keep answers under 1,000 characters."))
    .optional(),
  challenge: z.string().max(300),
  nonce: z.string().max(20),
  /** The honeypot: people never see it, so anything here came from a bot. */
  website: z.string().max(0, "Leave this field empty.").optional(),
});

export type BookingRequest = z.output<typeof bookingRequestSchema>;

/** Field → messages, for a 400 the form can show next to its fields. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] = [...(errors[field] ?? []), issue.message];
  }
  return errors;
}
