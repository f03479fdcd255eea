import fc from "fast-check";
import type { TimeInterval } from "../intervals";
import type {
  BusyInterval,
  BusyStatus,
  HostSchedule,
  MinuteWindow,
  SchedulingHost,
  SlotQuery,
  SlotRules,
} from "../rules";

// Random but valid inputs for the property tests, crowded around DST changes and in zones with odd offsets.

export const ZONES = [
  "UTC",
  "Europe/London",
  "America/New_York",
  "Australia/Sydney",
  "Asia/Kolkata",
  "Australia/Lord_Howe",
  "Asia/Kathmandu",
  "America/Santiago", // changes at midnight: the day itself starts in a gap
  "Pacific/Chatham", // +12:45 / +13:45
] as const;

/** Instants near DST changes in 2025 (and one quiet week), to start windows around. */
const ANCHORS = [
  "2025-03-09T07:00:00Z",
  "2025-03-30T01:00:00Z",
  "2025-04-05T15:00:00Z",
  "2025-04-06T03:00:00Z",
  "2025-09-07T04:00:00Z",
  "2025-09-27T14:00:00Z",
  "2025-10-04T15:30:00Z",
  "2025-10-26T01:00:00Z",
  "2025-11-02T06:00:00Z",
  "2025-06-16T00:00:00Z",
].map(Date.parse);

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Windows between consecutive 15-minute marks, each gap taken or not: some touch, some end at 24:00. */
const dayWindows: fc.Arbitrary<MinuteWindow[]> = fc
  .tuple(
    fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 5 }),
    fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  )
  .map(([marks, taken]) => {
    const sorted = [...marks].sort((a, b) => a - b);
    const windows: MinuteWindow[] = [];
    for (let i = 0; i + 1 < sorted.length; i++) {
      if (taken[i])
        windows.push({ startMinute: (sorted[i] as number) * 15, endMinute: (sorted[i + 1] as number) * 15 });
    }
    return windows;
  });

export function scheduleArbitrary(input: { zone: string; anchor: number }): fc.Arbitrary<HostSchedule> {
  const isoDate = (offsetDays: number) => new Date(input.anchor + offsetDays * DAY).toISOString().slice(0, 10);
  return fc.record({
    timeZone: fc.constant(input.zone),
    weekly: fc.record({
      1: dayWindows,
      2: dayWindows,
      3: dayWindows,
      4: dayWindows,
      5: dayWindows,
      6: dayWindows,
      7: dayWindows,
    }),
    overrides: fc
      .array(fc.tuple(fc.integer({ min: -3, max: 6 }), fc.oneof(dayWindows, fc.constant([]))), { maxLength: 3 })
      .map((entries) => Object.fromEntries(entries.map(([days, windows]) => [isoDate(days), windows]))),
  });
}

export const rulesArbitrary: fc.Arbitrary<SlotRules> = fc.record({
  lengthMinutes: fc.constantFrom(15, 30, 45, 60, 90),
  slotIntervalMinutes: fc.constantFrom(null, 5, 10, 15, 20, 30, 45, 60),
  beforeBufferMinutes: fc.integer({ min: 0, max: 6 }).map((n) => n * 5),
  afterBufferMinutes: fc.integer({ min: 0, max: 6 }).map((n) => n * 5),
  minimumNoticeMinutes: fc.integer({ min: 0, max: 3000 }),
  horizonDays: fc.option(fc.integer({ min: 3, max: 14 })),
  dailyLimit: fc.option(fc.integer({ min: 1, max: 3 })),
  tentativeBlocks: fc.boolean(),
  workingElsewhereBlocks: fc.boolean(),
});

const STATUSES: BusyStatus[] = ["busy", "tentative", "oof", "working-elsewhere"];

/** Intervals on 5-minute marks from a day before the window to a day after it (some of zero length). */
function intervalsAround<T>(input: {
  window: TimeInterval;
  maxCount: number;
  maxMinutes: number;
  tag: fc.Arbitrary<T>;
}) {
  const marks = Math.ceil((input.window.end - input.window.start) / (5 * MINUTE));
  return fc
    .array(
      fc.record({
        start: fc.integer({ min: -288, max: marks + 288 }),
        marks: fc.integer({ min: 0, max: input.maxMinutes / 5 }),
        tag: input.tag,
      }),
      { maxLength: input.maxCount },
    )
    .map((raw) =>
      raw.map((interval) => ({
        start: input.window.start + interval.start * 5 * MINUTE,
        end: input.window.start + (interval.start + interval.marks) * 5 * MINUTE,
        tag: interval.tag,
      })),
    );
}

function hostArbitrary(input: { id: string; schedule: fc.Arbitrary<HostSchedule>; window: TimeInterval }) {
  const { window } = input;
  return fc.record<SchedulingHost>({
    id: fc.constant(input.id),
    schedule: input.schedule,
    busy: intervalsAround({ window, maxCount: 14, maxMinutes: 240, tag: fc.constantFrom(...STATUSES) }).map((list) =>
      list.map(({ start, end, tag }): BusyInterval => ({ start, end, status: tag })),
    ),
    bookings: intervalsAround({ window, maxCount: 6, maxMinutes: 60, tag: fc.constant(null) }).map((list) =>
      list.map(({ start, end }) => ({ start, end })),
    ),
  });
}

/**
 * A whole query. With `sharedSchedule`, every host works the same hours (as on a page with one set of
 * hours), so the hosts' grids coincide.
 */
export function queryArbitrary(input: {
  schedulingType: SlotQuery["schedulingType"];
  sharedSchedule?: boolean;
  maxHosts?: number;
}): fc.Arbitrary<SlotQuery> {
  return fc
    .record({
      zones: fc.array(fc.constantFrom(...ZONES), { minLength: 3, maxLength: 3 }),
      anchor: fc.constantFrom(...ANCHORS),
      startShiftMinutes: fc.integer({ min: -4 * 1440, max: 2 * 1440 }),
      lengthDays: fc.integer({ min: 1, max: 8 }),
      nowShiftMinutes: fc.integer({ min: -3 * 1440, max: 3 * 1440 }),
      hostCount: fc.integer({ min: 1, max: input.schedulingType === "single" ? 1 : (input.maxHosts ?? 3) }),
      rules: rulesArbitrary,
    })
    .chain(({ zones, anchor, startShiftMinutes, lengthDays, nowShiftMinutes, hostCount, rules }) => {
      const start = anchor + startShiftMinutes * MINUTE;
      const window = { start, end: start + lengthDays * DAY };
      const ids = Array.from({ length: hostCount }, (_, i) => `host-${i}`);
      const shared = scheduleArbitrary({ zone: zones[0] as string, anchor });
      return fc
        .tuple(
          ...ids.map((id, i) =>
            hostArbitrary({
              id,
              window,
              schedule: input.sharedSchedule ? shared : scheduleArbitrary({ zone: zones[i] as string, anchor }),
            }),
          ),
        )
        .map((hosts) => {
          // With a shared schedule, hosts differ only in busy time and bookings.
          const first = hosts[0] as SchedulingHost;
          return {
            schedulingType: input.schedulingType,
            rules,
            hosts: input.sharedSchedule ? hosts.map((host) => ({ ...host, schedule: first.schedule })) : hosts,
            window,
            now: start + nowShiftMinutes * MINUTE,
          };
        });
    });
}
