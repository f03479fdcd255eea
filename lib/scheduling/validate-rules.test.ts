import { describe, expect, it } from "vitest";
import { getAvailableSlots } from "./get-slots";
import type { HostSchedule, SlotRules } from "./rules";
import { InvalidRulesError, validateRules } from "./validate-rules";

const rules: SlotRules = {
  lengthMinutes: 30,
  slotIntervalMinutes: null,
  beforeBufferMinutes: 5,
  afterBufferMinutes: 10,
  minimumNoticeMinutes: 120,
  horizonDays: 30,
  dailyLimit: 4,
};
const schedule: HostSchedule = {
  timeZone: "Europe/London",
  weekly: {
    1: [
      { startMinute: 540, endMinute: 720 },
      { startMinute: 780, endMinute: 1020 },
    ],
  },
  overrides: { "2025-12-25": [] },
};

const messages = (input: { rules?: Partial<SlotRules>; schedule?: HostSchedule }) =>
  validateRules({ rules: { ...rules, ...input.rules }, schedules: [input.schedule ?? schedule] }).map(
    (problem) => `${problem.kind} ${problem.path}: ${problem.message}`,
  );

describe("validateRules", () => {
  it("accepts sensible rules, touching windows and a blackout date", () => {
    expect(messages({})).toEqual([]);
    const touching: HostSchedule = {
      ...schedule,
      weekly: {
        2: [
          { startMinute: 720, endMinute: 1440 },
          { startMinute: 540, endMinute: 720 },
        ],
      },
    };
    expect(messages({ schedule: touching })).toEqual([]);
  });

  it.each([
    [{ lengthMinutes: 0 }, "malformed lengthMinutes: Slot length must be a whole number of minutes above 0 (got 0)."],
    [
      { lengthMinutes: 22.5 },
      "malformed lengthMinutes: Slot length must be a whole number of minutes above 0 (got 22.5).",
    ],
    [
      { slotIntervalMinutes: 0 },
      "malformed slotIntervalMinutes: Slot interval must be a whole number of minutes above 0, or empty to use the slot length (got 0).",
    ],
    [
      { beforeBufferMinutes: -5 },
      "malformed beforeBufferMinutes: Buffer before must be 0 or more whole minutes (got -5).",
    ],
    [
      { afterBufferMinutes: -1 },
      "malformed afterBufferMinutes: Buffer after must be 0 or more whole minutes (got -1).",
    ],
    [{ dailyLimit: 0 }, "malformed dailyLimit: The daily limit must be 1 or more bookings, or empty for none (got 0)."],
    [
      { minimumNoticeMinutes: 3 * 1440, horizonDays: 2 },
      "contradictory minimumNoticeMinutes: Minimum notice (3 days) reaches as far as how far ahead customers may book (2 days): no slot could ever be offered.",
    ],
    [
      { lengthMinutes: 300 },
      "contradictory schedules[0]: The slot length (5 h) is longer than every window (the longest is 4 h): no slot fits.",
    ],
  ])("refuses %o", (override, message) => {
    expect(messages({ rules: override })).toEqual([message]);
  });

  it("refuses windows that end before they start, are empty, overlap or leave the day", () => {
    const bad: HostSchedule = {
      timeZone: "Europe/London",
      weekly: {
        1: [{ startMinute: 1020, endMinute: 540 }],
        2: [{ startMinute: 600, endMinute: 600 }],
        3: [
          { startMinute: 540, endMinute: 720 },
          { startMinute: 660, endMinute: 780 },
        ],
        4: [{ startMinute: 1380, endMinute: 1500 }],
      },
    };
    expect(messages({ schedule: bad })).toEqual([
      "malformed schedules[0].weekly.1[0]: Monday: the window 17:00–09:00 ends before it starts.",
      "malformed schedules[0].weekly.2[0]: Tuesday: the window 10:00–10:00 is empty.",
      "malformed schedules[0].weekly.3: Wednesday: the windows 09:00–12:00 and 11:00–13:00 overlap.",
      "malformed schedules[0].weekly.4[0]: Thursday: window minutes must be whole numbers from 0 to 1440 (got 1380–1500).",
    ]);
  });

  it("refuses unknown zones, weekday keys and dates that do not exist", () => {
    const bad = {
      timeZone: "Europe/Atlantis",
      weekly: { 8: [{ startMinute: 540, endMinute: 600 }] },
      overrides: { "2025-02-30": [{ startMinute: 540, endMinute: 600 }] },
    } as unknown as HostSchedule;
    expect(messages({ schedule: bad })).toEqual([
      'malformed schedules[0].timeZone: Unknown time zone "Europe/Atlantis".',
      'malformed schedules[0].weekly.8: Weekly hours are keyed by ISO weekday, 1 (Monday) to 7 (Sunday); got "8".',
      'malformed schedules[0].overrides.2025-02-30: Date override "2025-02-30" is not a calendar date written yyyy-MM-dd.',
    ]);
  });

  it("calls a host without any hours contradictory", () => {
    expect(messages({ schedule: { timeZone: "UTC", weekly: {} } })).toEqual([
      "contradictory schedules[0]: No hours: no weekly windows and no dated windows.",
    ]);
  });
});

describe("the engine and invalid rules", () => {
  const query = { schedulingType: "single" as const, window: { start: 0, end: 86_400_000 }, now: 0 };
  const host = { id: "a", schedule, busy: [], bookings: [] };

  it("refuses malformed rules with every problem listed", () => {
    expect(() =>
      getAvailableSlots({ ...query, rules: { ...rules, lengthMinutes: -1, slotIntervalMinutes: 0 }, hosts: [host] }),
    ).toThrow(InvalidRulesError);
    expect(() => getAvailableSlots({ ...query, rules, hosts: [host, { ...host, id: "b" }] })).toThrow(
      /exactly one host/,
    );
  });

  it("computes with contradictory rules, which give no slots", () => {
    expect(getAvailableSlots({ ...query, rules: { ...rules, lengthMinutes: 600 }, hosts: [host] })).toEqual([]);
  });
});
