import { z } from "zod";
import { calendarDate, FIRST_YEAR, LAST_YEAR } from "@/lib/validation/dates";
import { multiLineText, nameText, singleLineText } from "@/lib/validation/text";

// The booking-page forms. Numbers arrive as text, checkboxes as "on" or nothing, times as HH:MM in the
// host's zone; everything leaves here in the stored shapes (minutes, booleans, null for "none").

/** Matches the database's booking_pages_slug_format check. */
export const SLUG_PATTERN = /^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/;

const checkbox = z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean());

const minutes = (label: string, max: number) =>
  z.coerce
    .number({ message: `${label}: enter a number of minutes.` })
    .int(`${label}: use whole minutes.`)
    .min(0, `${label} cannot be negative.`)
    .max(max, `${label} may be at most ${max} minutes.`);

/** An empty field means "none"/"default" (null). */
const optionalWhole = (input: { label: string; min: number; max: number; unit: string }) =>
  z.preprocess(
    (value) => (value === "" || value === undefined || value === null ? null : value),
    z
      .union([
        z.null(),
        z.coerce
          .number({ message: `${input.label}: enter a number of ${input.unit}.` })
          .int(`${input.label}: use whole ${input.unit}.`)
          .min(input.min, `${input.label} must be at least ${input.min} ${input.unit}, or empty.`)
          .max(input.max, `${input.label} may be at most ${input.max} ${input.unit}.`),
      ])
      .nullable(),
  );

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Choose a public address.")
  .max(64, "The public address may be at most 64 characters.")
  .regex(SLUG_PATTERN, "Use lower-case letters, digits and hyphens; no hyphen at the start or end.");

/** "09:00" → 540. "24:00" is allowed as an end of day. */
export const clockSchema = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "Write times as HH:MM, e.g. 09:00.")
  .transform((text) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5)));

export const pageIdSchema = z.object({ pageId: z.uuid("That booking page does not exist.") });

const questionLines = z
  .string()
  .optional()
  .transform((text) =>
    (text ?? "")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line.length > 0),
  )
  .pipe(z.array(nameText().max(200, "A question may be at most 200 characters.")).max(10, "At most 10 questions."));

/** Basics: what the customer reads about the meeting. Questions: one per line, "*" at the end = required. */
export const basicsSchema = z
  .object({
    title: nameText().min(1, "Give the page a title.").max(120, "The title may be at most 120 characters."),
    slug: slugSchema,
    description: multiLineText().max(2000, "The description may be at most 2000 characters.").default(""),
    durationMinutes: z.coerce
      .number({ message: "Duration: enter a number of minutes." })
      .int("Duration: use whole minutes.")
      .min(5, "A meeting lasts at least 5 minutes.")
      .max(720, "A meeting lasts at most 720 minutes (12 h)."),
    slotIntervalMinutes: optionalWhole({ label: "Slot interval", min: 5, max: 720, unit: "minutes" }),
    locationKind: z.enum(["text", "link_to_follow"], { message: "Choose where the meeting takes place." }),
    location: singleLineText().max(500, "The location may be at most 500 characters.").default(""),
    questions: questionLines,
  })
  .superRefine((basics, ctx) => {
    if (basics.locationKind === "text" && basics.location === "") {
      ctx.addIssue({
        code: "custom",
        path: ["location"],
        message: 'Enter where the meeting takes place, or choose "meeting link to follow".',
      });
    }
  })
  .transform(({ locationKind, location, questions, ...rest }) => ({
    ...rest,
    location: locationKind === "text" ? location : null,
    questionLines: questions,
  }));

export type BasicsInput = z.output<typeof basicsSchema>;

export const createPageSchema = z
  .object({
    hostUserId: z.uuid("Choose a host."),
    hostTimeZone: z.string().trim().min(1, "Choose the host's time zone."),
  })
  .and(basicsSchema);

export type CreatePageInput = z.output<typeof createPageSchema>;

export const rulesSchema = z.object({
  bufferBeforeMinutes: minutes("Buffer before", 720),
  bufferAfterMinutes: minutes("Buffer after", 720),
  minimumNoticeMinutes: minutes("Minimum notice", 525_600),
  horizonDays: z.coerce
    .number({ message: "How far ahead: enter a number of days." })
    .int("How far ahead: use whole days.")
    .min(1, "Customers must be able to book at least 1 day ahead.")
    .max(365, "How far ahead may be at most 365 days."),
  dailyLimit: optionalWhole({ label: "Daily limit", min: 1, max: 100, unit: "bookings" }),
  blockTentative: checkbox,
  blockWorkingElsewhere: checkbox,
  sendInvitations: checkbox,
  cancellationMethod: z.enum(["cancel_item", "delete_item"], {
    message: "Choose how a cancellation leaves the calendar.",
  }),
  notifyCustomerOfCalendarChanges: checkbox,
  language: z.enum(["en", "de"], { message: "Choose the language of the page's mail." }),
  /** "1440, 60" → [1440, 60]: minutes before the start, largest first; empty = no reminders. */
  reminderMinutes: z
    .string()
    .trim()
    .max(100)
    .transform((text, ctx) => {
      const parts = text === "" ? [] : text.split(/[\s,]+/).filter(Boolean);
      const values = parts.map(Number);
      if (values.some((value) => !Number.isInteger(value) || value < 5 || value > 43_200)) {
        ctx.addIssue({
          code: "custom",
          message: "Reminders: whole minutes before the start, 5 to 43200 each, separated by commas (e.g. 1440, 60).",
        });
        return z.NEVER;
      }
      if (values.length > 5) {
        ctx.addIssue({ code: "custom", message: "At most 5 reminders." });
        return z.NEVER;
      }
      return [...new Set(values)].sort((a, b) => b - a);
    }),
});

export type RulesInput = z.output<typeof rulesSchema>;

const hostSchema = z.object({
  userId: z.uuid("Choose a member as host."),
  timeZone: z.string().trim().min(1, "Choose each host's time zone."),
  priority: z.coerce
    .number({ message: "Priority: enter a number." })
    .int("Priority: use a whole number.")
    .min(-100, "Priority: use -100 to 100.")
    .max(100, "Priority: use -100 to 100.")
    .default(0),
  useExchangeWorkingHours: z.boolean().default(false),
  weekly: z
    .array(
      z.object({
        day: z.number().int().min(1, "Weekdays run 1 (Monday) to 7 (Sunday).").max(7, "Weekdays run 1 to 7."),
        start: clockSchema,
        end: clockSchema,
      }),
    )
    .max(70, "At most 10 windows a day."),
});

/** The hosts editor sends its state as one JSON field: a list of hosts, each with per-day HH:MM windows. */
export const hostsSchema = z.object({
  schedulingType: z.enum(["single", "round_robin", "collective"], { message: "Choose how hosts are assigned." }),
  hosts: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "The hosts could not be read; reload the page and try again." });
        return z.NEVER;
      }
    })
    .pipe(z.array(hostSchema).min(1, "Add at least one host.").max(50, "At most 50 hosts.")),
});

export type HostsInput = z.output<typeof hostsSchema>;
export type HostInput = HostsInput["hosts"][number];

const optionalClock = z.preprocess((value) => (value === "" ? undefined : value), clockSchema.optional());

/** A date override: both times empty blacks the date out; otherwise the host's hours that day. */
export const overrideSchema = z
  .object({
    pageId: z.uuid("That booking page does not exist."),
    userId: z.uuid("Choose a host."),
    date: calendarDate({ format: "Choose a date.", range: `Choose a date between ${FIRST_YEAR} and ${LAST_YEAR}.` }),
    start: optionalClock,
    end: optionalClock,
  })
  .superRefine((o, ctx) => {
    if ((o.start === undefined) !== (o.end === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [o.start === undefined ? "start" : "end"],
        message: "Enter both times, or neither for a blackout date.",
      });
    } else if (o.start !== undefined && o.end !== undefined && o.end <= o.start) {
      ctx.addIssue({ code: "custom", path: ["end"], message: "The end must be after the start." });
    }
  });

export const removeOverrideSchema = z.object({
  pageId: z.uuid("That booking page does not exist."),
  overrideId: z.uuid("That date override does not exist."),
});

export const publishSchema = z.object({
  pageId: z.uuid("That booking page does not exist."),
  published: z.enum(["true", "false"]).transform((value) => value === "true"),
});
