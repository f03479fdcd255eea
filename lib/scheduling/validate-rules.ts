import { joinWindows } from "./local-windows";
import type { HostSchedule, MinuteWindow, SlotRules } from "./rules";
import { dayOfIsoDate, isKnownTimeZone } from "./zone-clock";

// Rules are checked when saved and again by the engine. "malformed" rules cannot be computed with (the
// engine refuses them); "contradictory" ones can, but no customer could ever book, so saving refuses them.

export interface RuleProblem {
  /** Where, e.g. "lengthMinutes" or "schedules[1].weekly.3[0]". */
  readonly path: string;
  readonly message: string;
  readonly kind: "malformed" | "contradictory";
}

export class InvalidRulesError extends Error {
  constructor(readonly problems: readonly RuleProblem[]) {
    super(problems.map((problem) => `${problem.path}: ${problem.message}`).join("\n"));
    this.name = "InvalidRulesError";
  }
}

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** Every problem, each reported once: a schedule shared by several hosts at its first index. */
export function validateRules(input: { rules: SlotRules; schedules: readonly HostSchedule[] }): RuleProblem[] {
  const problems = validateSlotRules(input.rules);
  const checked = new Set<HostSchedule>();
  input.schedules.forEach((schedule, index) => {
    if (checked.has(schedule)) return;
    checked.add(schedule);
    problems.push(...validateSchedule({ schedule, rules: input.rules, path: `schedules[${index}]` }));
  });
  return problems;
}

function validateSlotRules(rules: SlotRules): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const malformed = (path: string, message: string) => problems.push({ path, message, kind: "malformed" });
  const isWhole = (value: number, min: number) => Number.isInteger(value) && value >= min;
  if (!isWhole(rules.lengthMinutes, 1)) {
    malformed("lengthMinutes", `Slot length must be a whole number of minutes above 0 (got ${rules.lengthMinutes}).`);
  }
  if (rules.slotIntervalMinutes !== null && !isWhole(rules.slotIntervalMinutes, 1)) {
    malformed(
      "slotIntervalMinutes",
      `Slot interval must be a whole number of minutes above 0, or empty to use the slot length (got ${rules.slotIntervalMinutes}).`,
    );
  }
  for (const [path, label] of [
    ["beforeBufferMinutes", "Buffer before"],
    ["afterBufferMinutes", "Buffer after"],
    ["minimumNoticeMinutes", "Minimum notice"],
  ] as const) {
    if (!isWhole(rules[path], 0)) malformed(path, `${label} must be 0 or more whole minutes (got ${rules[path]}).`);
  }
  if (rules.horizonDays !== null && !isWhole(rules.horizonDays, 1)) {
    malformed(
      "horizonDays",
      `How far ahead must be 1 or more whole days, or empty for no limit (got ${rules.horizonDays}).`,
    );
  }
  if (rules.dailyLimit !== null && !isWhole(rules.dailyLimit, 1)) {
    malformed("dailyLimit", `The daily limit must be 1 or more bookings, or empty for none (got ${rules.dailyLimit}).`);
  }
  if (rules.horizonDays !== null && rules.minimumNoticeMinutes >= rules.horizonDays * 1440) {
    problems.push({
      path: "minimumNoticeMinutes",
      kind: "contradictory",
      message: `Minimum notice (${duration(rules.minimumNoticeMinutes)}) reaches as far as how far ahead customers may book (${duration(rules.horizonDays * 1440)}): no slot could ever be offered.`,
    });
  }
  return problems;
}

function validateSchedule(input: { schedule: HostSchedule; rules: SlotRules; path: string }): RuleProblem[] {
  const { schedule, path } = input;
  const problems: RuleProblem[] = [];
  if (!isKnownTimeZone(schedule.timeZone)) {
    problems.push({
      path: `${path}.timeZone`,
      kind: "malformed",
      message: `Unknown time zone "${schedule.timeZone}".`,
    });
  }
  const days: Array<{ path: string; label: string; windows: readonly MinuteWindow[] }> = [];
  for (const [weekday, windows] of Object.entries(schedule.weekly)) {
    const label = WEEKDAYS[Number(weekday) - 1];
    if (label === undefined || !/^[1-7]$/.test(weekday)) {
      problems.push({
        path: `${path}.weekly.${weekday}`,
        kind: "malformed",
        message: `Weekly hours are keyed by ISO weekday, 1 (Monday) to 7 (Sunday); got "${weekday}".`,
      });
    } else if (windows) {
      days.push({ path: `${path}.weekly.${weekday}`, label, windows });
    }
  }
  for (const [date, windows] of Object.entries(schedule.overrides ?? {})) {
    if (dayOfIsoDate(date) === undefined) {
      problems.push({
        path: `${path}.overrides.${date}`,
        kind: "malformed",
        message: `Date override "${date}" is not a calendar date written yyyy-MM-dd.`,
      });
    } else {
      days.push({ path: `${path}.overrides.${date}`, label: date, windows });
    }
  }
  for (const day of days) problems.push(...validateDayWindows(day));
  if (problems.length === 0)
    problems.push(...validateLengthFits({ ...input, windows: days.map((day) => day.windows) }));
  return problems;
}

function validateDayWindows(day: { path: string; label: string; windows: readonly MinuteWindow[] }): RuleProblem[] {
  const problems: RuleProblem[] = [];
  day.windows.forEach((window, index) => {
    const { startMinute: start, endMinute: end } = window;
    const at = `${day.path}[${index}]`;
    if (![start, end].every((minute) => Number.isInteger(minute) && minute >= 0 && minute <= 1440)) {
      problems.push({
        path: at,
        kind: "malformed",
        message: `${day.label}: window minutes must be whole numbers from 0 to 1440 (got ${start}–${end}).`,
      });
    } else if (end <= start) {
      problems.push({
        path: at,
        kind: "malformed",
        message: `${day.label}: the window ${clock(start)}–${clock(end)} ${end === start ? "is empty" : "ends before it starts"}.`,
      });
    }
  });
  if (problems.length > 0) return problems;
  const sorted = [...day.windows].sort((a, b) => a.startMinute - b.startMinute);
  for (let i = 1; i < sorted.length; i++) {
    const [before, after] = [sorted[i - 1] as MinuteWindow, sorted[i] as MinuteWindow];
    if (after.startMinute < before.endMinute) {
      problems.push({
        path: day.path,
        kind: "malformed",
        message: `${day.label}: the windows ${clock(before.startMinute)}–${clock(before.endMinute)} and ${clock(after.startMinute)}–${clock(after.endMinute)} overlap.`,
      });
    }
  }
  return problems;
}

function validateLengthFits(input: {
  rules: SlotRules;
  path: string;
  windows: ReadonlyArray<readonly MinuteWindow[]>;
}): RuleProblem[] {
  const longest = Math.max(
    0,
    ...input.windows.flatMap((windows) => joinWindows(windows).map((w) => w.endMinute - w.startMinute)),
  );
  if (longest === 0) {
    return [{ path: input.path, kind: "contradictory", message: "No hours: no weekly windows and no dated windows." }];
  }
  if (input.rules.lengthMinutes > longest) {
    return [
      {
        path: input.path,
        kind: "contradictory",
        message: `The slot length (${duration(input.rules.lengthMinutes)}) is longer than every window (the longest is ${duration(longest)}): no slot fits.`,
      },
    ];
  }
  return [];
}

function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

function duration(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? "" : "s"}`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}
