import { z } from "zod";
import { FIRST_YEAR, isoInstant, LAST_YEAR } from "@/lib/validation/dates";
import { nameText } from "@/lib/validation/text";

/** Exchange answers at most 42 days per request by default; longer windows are split, up to this. */
export const MAX_WINDOW_DAYS = 62;
/** More members than this in one lookup are refused (several EWS requests of 100 run in parallel below it). */
export const MAX_MEMBERS = 500;

const instant = (name: string) =>
  isoInstant({
    format: `${name} must be an ISO-8601 date-time with a zone, e.g. 2026-11-23T00:00:00Z.`,
    range: `${name} must lie between ${FIRST_YEAR} and ${LAST_YEAR}.`,
  });

/** GET /api/v1/team/availability?start=…&end=…&members=id,id&group=id */
export const availabilityQuerySchema = z
  .object({
    start: instant("start"),
    end: instant("end"),
    members: z
      .string()
      .optional()
      .transform((value) => (value ? value.split(",").map((id) => id.trim()) : undefined))
      .pipe(
        z
          .array(z.uuid("members must be a comma-separated list of member ids."))
          .max(MAX_MEMBERS, `At most ${MAX_MEMBERS} members per request.`)
          .optional(),
      ),
    group: z.uuid("group must be a group id.").optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    // Runs even when a field already failed: compare only what parsed.
    if (!(q.start instanceof Date) || !(q.end instanceof Date)) return;
    if (q.end <= q.start) ctx.addIssue({ code: "custom", message: "end must be after start.", path: ["end"] });
    else if (q.end.getTime() - q.start.getTime() > MAX_WINDOW_DAYS * 86_400_000) {
      ctx.addIssue({ code: "custom", message: `The window may span at most ${MAX_WINDOW_DAYS} days.`, path: ["end"] });
    }
  });

export type AvailabilityQuery = z.output<typeof availabilityQuerySchema>;

/** A form field that may arrive once (a string) or several times (an array): always an array here. */
const repeated = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(item));

const hour = z.coerce.number().int("Use whole hours.").min(0, "Use 0–24.").max(24, "Use 0–24.");

/** The settings form for the organisation's work week (weekday checkboxes arrive as repeated "workDays"). */
export const workWeekSchema = z
  .object({
    workDays: repeated(z.coerce.number().int().min(1).max(7)).refine((days) => days.length > 0, {
      message: "Choose at least one work day.",
    }),
    startHour: hour,
    endHour: hour,
  })
  .superRefine((w, ctx) => {
    if (typeof w.startHour === "number" && typeof w.endHour === "number" && w.startHour >= w.endHour) {
      ctx.addIssue({ code: "custom", message: "The day must end after it starts.", path: ["endHour"] });
    }
  });

export const groupSchema = z.object({
  groupId: z
    .union([z.uuid(), z.literal("")])
    .optional()
    .transform((value) => value || undefined),
  name: nameText().min(1, "Name the group.").max(80, "Use at most 80 characters."),
  memberIds: repeated(z.uuid()),
});

export const groupIdSchema = z.object({ groupId: z.uuid("Unknown group.") });
