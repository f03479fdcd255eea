import { DateTime, IANAZone } from "luxon";
import type { TimeInterval } from "../intervals";
import type { HostSchedule, IsoWeekday, MinuteWindow, SchedulingHost, SlotQuery } from "../rules";

// A second engine for the tests, written the obvious way and sharing no code with the real one: luxon
// DateTimes for dates and weekdays, a minute-by-minute scan for wall times near a DST change, every slot
// checked against every busy interval. Slow, and that is its point.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The first instant whose wall clock in `zone` reads `date` + `minute` or later (brute force near changes). */
export function naiveInstantOfWallTime(input: { zone: string; date: string; minute: number }): number {
  const key = `${input.zone} ${input.date} ${input.minute}`;
  let instant = resolved.get(key);
  if (instant === undefined) {
    instant = scanForWallTime(input);
    resolved.set(key, instant);
  }
  return instant;
}

/** Answers never change, and the property tests ask for the same few thousand again and again. */
const resolved = new Map<string, number>();

function scanForWallTime(input: { zone: string; date: string; minute: number }): number {
  const zone = IANAZone.create(input.zone);
  const offset = (t: number) => zone.offset(t) * MINUTE;
  const wallTime = DateTime.fromISO(input.date, { zone: "UTC" }).toMillis() + input.minute * MINUTE;
  const guess = wallTime - offset(wallTime);
  if (offset(guess - 3 * HOUR) === offset(guess + 3 * HOUR)) return wallTime - offset(guess);
  for (let t = guess - 3 * HOUR; t <= guess + 3 * HOUR; t += MINUTE) if (t + offset(t) >= wallTime) return t;
  throw new Error(`no instant found for ${input.date} +${input.minute} min in ${input.zone}`);
}

function localDate(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toISODate() ?? "";
}

/** The windows of one host's local date, as written (touching ones joined), before turning into instants. */
export function naiveDayWindows(input: { schedule: HostSchedule; date: string }): MinuteWindow[] {
  const weekday = DateTime.fromISO(input.date, { zone: "UTC" }).weekday as IsoWeekday;
  const windows = input.schedule.overrides?.[input.date] ?? input.schedule.weekly[weekday] ?? [];
  const sorted = [...windows].sort((a, b) => a.startMinute - b.startMinute);
  const joined: MinuteWindow[] = [];
  for (const w of sorted) {
    const last = joined.at(-1);
    if (last && w.startMinute <= last.endMinute) joined[joined.length - 1] = { ...last, endMinute: w.endMinute };
    else joined.push(w);
  }
  return joined;
}

function naiveHostWindows(input: { query: SlotQuery; host: SchedulingHost }): TimeInterval[] {
  const { query, host } = input;
  const zone = host.schedule.timeZone;
  const limit = query.rules.dailyLimit;
  const windows: TimeInterval[] = [];
  let day = DateTime.fromMillis(query.window.start, { zone }).startOf("day").minus({ days: 1 });
  const lastDate = localDate(query.window.end, zone);
  for (; (day.toISODate() ?? "") <= lastDate; day = day.plus({ days: 1 })) {
    const date = day.toISODate() ?? "";
    const booked = host.bookings.filter((b) => localDate(b.start, zone) === date).length;
    if (limit !== null && booked >= limit) continue;
    for (const w of naiveDayWindows({ schedule: host.schedule, date })) {
      const start = naiveInstantOfWallTime({ zone, date, minute: w.startMinute });
      const end = naiveInstantOfWallTime({ zone, date, minute: w.endMinute });
      if (end > start) windows.push({ start, end });
    }
  }
  return windows;
}

export function naiveIsBlocked(input: { query: SlotQuery; host: SchedulingHost; start: number }): boolean {
  const { rules } = input.query;
  const from = input.start - rules.beforeBufferMinutes * MINUTE;
  const to = input.start + rules.lengthMinutes * MINUTE + rules.afterBufferMinutes * MINUTE;
  const blocking = input.host.busy.filter(
    (b) =>
      b.status === "busy" ||
      b.status === "oof" ||
      (b.status === "tentative" && rules.tentativeBlocks !== false) ||
      (b.status === "working-elsewhere" && rules.workingElsewhereBlocks !== false),
  );
  return [...blocking, ...input.host.bookings].some((b) => b.end > b.start && b.start < to && b.end > from);
}

function naiveGroupStarts(input: { query: SlotQuery; hosts: readonly SchedulingHost[] }): number[] {
  const { query, hosts } = input;
  const { rules, now } = query;
  let common: TimeInterval[] | null = null;
  for (const host of hosts) {
    const own = naiveHostWindows({ query, host });
    common =
      common === null
        ? own
        : common.flatMap((a) =>
            own
              .map((b) => ({ start: Math.max(a.start, b.start), end: Math.min(a.end, b.end) }))
              .filter((w) => w.end > w.start),
          );
  }
  const length = rules.lengthMinutes * MINUTE;
  const interval = (rules.slotIntervalMinutes ?? rules.lengthMinutes) * MINUTE;
  const earliest = Math.max(query.window.start, now + rules.minimumNoticeMinutes * MINUTE);
  const latest = Math.min(
    query.window.end,
    rules.horizonDays === null ? Infinity : now + rules.horizonDays * 24 * HOUR,
  );
  const starts: number[] = [];
  for (const w of common ?? []) {
    for (let start = w.start; start + length <= w.end; start += interval) {
      if (start < earliest || start >= latest) continue;
      if (hosts.some((host) => naiveIsBlocked({ query, host, start }))) continue;
      starts.push(start);
    }
  }
  return starts.sort((a, b) => a - b);
}

/** Slot starts, by the book. */
export function naiveSlotStarts(query: SlotQuery): number[] {
  if (query.schedulingType !== "round-robin") return naiveGroupStarts({ query, hosts: query.hosts });
  const all = query.hosts.flatMap((host) => naiveGroupStarts({ query, hosts: [host] }));
  return [...new Set(all)].sort((a, b) => a - b);
}
