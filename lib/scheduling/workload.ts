import { z } from "zod";
import { getAvailableSlots } from "./get-slots";
import { parseIsoInstant } from "./iso-instant";
import type { HostSchedule, SchedulingType, SlotQuery, SlotRules } from "./rules";
import { validateRules } from "./validate-rules";
import { isKnownTimeZone } from "./zone-clock";

// The exchange format for comparing engines (issue 6): a workload file in, sorted UTC slot starts out.
// Its instants are ISO strings; they become epoch ms here, at the edge, and nowhere else.

const instant = z.iso.datetime({ offset: true, error: "expected an ISO-8601 instant such as 2030-03-04T09:00:00Z" });
const isoWeekday = "days are ISO weekdays, 1 (Monday) to 7 (Sunday)";
const wholeMinutes = (min: number) => z.int("expected whole minutes").min(min, `expected ${min} or more minutes`);

const workloadSchema = z
  .object({
    timeZone: z.string().refine(isKnownTimeZone, "expected an IANA time zone name such as Europe/London"),
    range: z.object({ startTime: instant, endTime: instant }),
    schedulingType: z.enum(["ROUND_ROBIN", "COLLECTIVE"]).nullish(),
    now: instant.optional(),
    rules: z.object({
      days: z.array(z.int().min(1, isoWeekday).max(7, isoWeekday)),
      startMinute: wholeMinutes(0).max(1440),
      endMinute: wholeMinutes(0).max(1440),
      lengthMinutes: wholeMinutes(1),
      slotIntervalMinutes: wholeMinutes(1).nullish(),
      beforeBufferMinutes: wholeMinutes(0),
      afterBufferMinutes: wholeMinutes(0),
      minimumNoticeMinutes: wholeMinutes(0),
      dailyLimit: z.int().min(1).nullish(),
    }),
    hosts: z
      .array(z.object({ id: z.string().min(1), busy: z.array(z.object({ start: instant, end: instant })) }))
      .min(1, "a workload needs at least one host"),
  })
  .superRefine((workload, context) => {
    if (Date.parse(workload.range.endTime) <= Date.parse(workload.range.startTime)) {
      context.addIssue({ code: "custom", path: ["range", "endTime"], message: "the range must end after it starts" });
    }
    if (!workload.schedulingType && workload.hosts.length > 1) {
      context.addIssue({
        code: "custom",
        path: ["schedulingType"],
        message: `null means one host, but there are ${workload.hosts.length}: use "ROUND_ROBIN" or "COLLECTIVE"`,
      });
    }
    if (new Set(workload.hosts.map((host) => host.id)).size !== workload.hosts.length) {
      context.addIssue({ code: "custom", path: ["hosts"], message: "host ids must be unique" });
    }
    workload.hosts.forEach((host, h) => {
      host.busy.forEach((busy, b) => {
        if (Date.parse(busy.end) < Date.parse(busy.start)) {
          context.addIssue({
            code: "custom",
            path: ["hosts", h, "busy", b, "end"],
            message: "busy time ends before it starts",
          });
        }
      });
    });
  });

export type Workload = z.infer<typeof workloadSchema>;

export type ParsedWorkload =
  | { readonly ok: true; readonly workload: Workload; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly message: string };

/** Checks a parsed JSON document; the message names every problem and where it is. */
export function parseWorkload(json: unknown): ParsedWorkload {
  const parsed = workloadSchema.safeParse(json);
  if (!parsed.success) return { ok: false, message: `Invalid workload:\n${z.prettifyError(parsed.error)}` };
  const workload = parsed.data;
  const problems = validateRules({ rules: rulesOf(workload), schedules: [scheduleOf(workload)] });
  const messagesOf = (kind: string) =>
    problems.filter((problem) => problem.kind === kind).map((problem) => `rules: ${problem.message}`);
  const errors = messagesOf("malformed");
  if (errors.length > 0) return { ok: false, message: `Invalid workload:\n${errors.join("\n")}` };
  return { ok: true, workload, warnings: messagesOf("contradictory") };
}

const SCHEDULING_TYPES = { ROUND_ROBIN: "round-robin", COLLECTIVE: "collective" } as const;

/** The engine's query for a workload; `fallbackNow` is the clock when the file gives none. */
export function workloadToQuery(input: { workload: Workload; fallbackNow: number }): SlotQuery {
  const { workload } = input;
  const schedule = scheduleOf(workload);
  const schedulingType: SchedulingType = workload.schedulingType ? SCHEDULING_TYPES[workload.schedulingType] : "single";
  return {
    schedulingType,
    rules: rulesOf(workload),
    window: { start: Date.parse(workload.range.startTime), end: Date.parse(workload.range.endTime) },
    now: workload.now === undefined ? input.fallbackNow : Date.parse(workload.now),
    hosts: workload.hosts.map((host) => ({
      id: host.id,
      schedule,
      busy: host.busy.map((busy) => ({
        start: parseIsoInstant(busy.start),
        end: parseIsoInstant(busy.end),
        status: "busy",
      })),
      // A workload's busy time is Exchange's: it holds no bookings, so dailyLimit has nothing to count.
      bookings: [],
    })),
  };
}

/** `{ "slots": [...] }`: the starts of the offered slots, sorted, as UTC ISO strings. */
export function replayWorkload(input: { workload: Workload; fallbackNow: number }): { slots: string[] } {
  return { slots: getAvailableSlots(workloadToQuery(input)).map((slot) => new Date(slot.start).toISOString()) };
}

function rulesOf(workload: Workload): SlotRules {
  const { rules } = workload;
  return {
    lengthMinutes: rules.lengthMinutes,
    slotIntervalMinutes: rules.slotIntervalMinutes ?? null,
    beforeBufferMinutes: rules.beforeBufferMinutes,
    afterBufferMinutes: rules.afterBufferMinutes,
    minimumNoticeMinutes: rules.minimumNoticeMinutes,
    horizonDays: null,
    dailyLimit: rules.dailyLimit ?? null,
  };
}

function scheduleOf(workload: Workload): HostSchedule {
  const { days, startMinute, endMinute } = workload.rules;
  const window = [{ startMinute, endMinute }];
  return { timeZone: workload.timeZone, weekly: Object.fromEntries(days.map((day) => [day, window])) };
}
