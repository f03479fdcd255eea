import { describe, expect, it } from "vitest";
import { getAvailableSlots } from "./get-slots";
import type { HostSchedule, SlotRules } from "./rules";

// Exact UTC slot starts on the days clocks change, worked out by hand from the zones' rules (2025).
// A wall time skipped by the change opens at the change; a wall time that happens twice means its first
// occurrence; windows are wall-clock, so they last an hour more or less on those days.

const DAY = 86_400_000;

function rules(input: { length: number; interval?: number }): SlotRules {
  return {
    lengthMinutes: input.length,
    slotIntervalMinutes: input.interval ?? null,
    beforeBufferMinutes: 0,
    afterBufferMinutes: 0,
    minimumNoticeMinutes: 0,
    horizonDays: null,
    dailyLimit: null,
  };
}

const hhmm = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));

/** The slots of one dated window (an override, with no weekly hours) in `zone`, as UTC ISO starts. */
function slotsOn(input: { zone: string; date: string; hours: string; length: number; interval?: number }): string[] {
  const [from, to] = input.hours.split("–") as [string, string];
  const schedule: HostSchedule = {
    timeZone: input.zone,
    weekly: {},
    overrides: { [input.date]: [{ startMinute: hhmm(from), endMinute: hhmm(to) }] },
  };
  const midnightUtc = Date.parse(`${input.date}T00:00:00Z`);
  return getAvailableSlots({
    schedulingType: "single",
    rules: rules(input),
    hosts: [{ id: "host", schedule, busy: [], bookings: [] }],
    window: { start: midnightUtc - DAY, end: midnightUtc + 2 * DAY },
    now: 0,
  }).map((slot) => new Date(slot.start).toISOString().slice(0, 16));
}

const cases: Array<{
  name: string;
  zone: string;
  date: string;
  hours: string;
  length: number;
  interval?: number;
  expected: string[];
}> = [
  // London: 01:00 GMT → 02:00 BST on 30 March; 02:00 BST → 01:00 GMT on 26 October (both at 01:00 UTC).
  {
    name: "London spring-forward, 3-hour night",
    zone: "Europe/London",
    date: "2025-03-30",
    hours: "00:00–04:00",
    length: 60,
    expected: ["2025-03-30T00:00", "2025-03-30T01:00", "2025-03-30T02:00"],
  },
  {
    name: "London spring-forward, window starting in the gap",
    zone: "Europe/London",
    date: "2025-03-30",
    hours: "01:30–03:00",
    length: 30,
    expected: ["2025-03-30T01:00", "2025-03-30T01:30"],
  },
  {
    name: "London fall-back, 5-hour night",
    zone: "Europe/London",
    date: "2025-10-26",
    hours: "00:00–04:00",
    length: 60,
    expected: ["2025-10-25T23:00", "2025-10-26T00:00", "2025-10-26T01:00", "2025-10-26T02:00", "2025-10-26T03:00"],
  },
  {
    name: "London fall-back, window starting at a repeated time",
    zone: "Europe/London",
    date: "2025-10-26",
    hours: "01:30–02:30",
    length: 30,
    expected: ["2025-10-26T00:30", "2025-10-26T01:00", "2025-10-26T01:30", "2025-10-26T02:00"],
  },
  // New York: 02:00 EST → 03:00 EDT on 9 March (07:00 UTC); 02:00 EDT → 01:00 EST on 2 November (06:00 UTC).
  {
    name: "New York spring-forward",
    zone: "America/New_York",
    date: "2025-03-09",
    hours: "01:00–04:00",
    length: 60,
    expected: ["2025-03-09T06:00", "2025-03-09T07:00"],
  },
  {
    name: "New York spring-forward, window starting in the gap",
    zone: "America/New_York",
    date: "2025-03-09",
    hours: "02:15–03:45",
    length: 30,
    interval: 15,
    expected: ["2025-03-09T07:00", "2025-03-09T07:15"],
  },
  {
    name: "New York spring-forward, window ending in the gap",
    zone: "America/New_York",
    date: "2025-03-09",
    hours: "01:00–02:30",
    length: 60,
    expected: ["2025-03-09T06:00"],
  },
  {
    name: "New York fall-back",
    zone: "America/New_York",
    date: "2025-11-02",
    hours: "00:30–02:30",
    length: 60,
    interval: 30,
    expected: ["2025-11-02T04:30", "2025-11-02T05:00", "2025-11-02T05:30", "2025-11-02T06:00", "2025-11-02T06:30"],
  },
  // Sydney: 03:00 AEDT → 02:00 AEST on 6 April (5 April 16:00 UTC); 02:00 AEST → 03:00 AEDT on 5 October (4 October 16:00 UTC).
  {
    name: "Sydney fall-back",
    zone: "Australia/Sydney",
    date: "2025-04-06",
    hours: "01:00–04:00",
    length: 60,
    expected: ["2025-04-05T14:00", "2025-04-05T15:00", "2025-04-05T16:00", "2025-04-05T17:00"],
  },
  {
    name: "Sydney fall-back, window starting at a repeated time",
    zone: "Australia/Sydney",
    date: "2025-04-06",
    hours: "02:30–03:30",
    length: 30,
    expected: ["2025-04-05T15:30", "2025-04-05T16:00", "2025-04-05T16:30", "2025-04-05T17:00"],
  },
  {
    name: "Sydney spring-forward",
    zone: "Australia/Sydney",
    date: "2025-10-05",
    hours: "01:00–04:00",
    length: 60,
    expected: ["2025-10-04T15:00", "2025-10-04T16:00"],
  },
  {
    name: "Sydney spring-forward, window starting at the skipped 02:00",
    zone: "Australia/Sydney",
    date: "2025-10-05",
    hours: "02:00–05:00",
    length: 60,
    expected: ["2025-10-04T16:00", "2025-10-04T17:00"],
  },
  // Lord Howe moves by 30 minutes: 02:00 (+11) → 01:30 (+10:30) on 6 April; 02:00 (+10:30) → 02:30 (+11) on 5 October.
  {
    name: "Lord Howe fall-back, 2½ hours from 01:00 to 03:00",
    zone: "Australia/Lord_Howe",
    date: "2025-04-06",
    hours: "01:00–03:00",
    length: 30,
    expected: ["2025-04-05T14:00", "2025-04-05T14:30", "2025-04-05T15:00", "2025-04-05T15:30", "2025-04-05T16:00"],
  },
  {
    name: "Lord Howe fall-back, window starting at a repeated time",
    zone: "Australia/Lord_Howe",
    date: "2025-04-06",
    hours: "01:45–02:15",
    length: 15,
    expected: ["2025-04-05T14:45", "2025-04-05T15:00", "2025-04-05T15:15", "2025-04-05T15:30"],
  },
  {
    name: "Lord Howe spring-forward",
    zone: "Australia/Lord_Howe",
    date: "2025-10-05",
    hours: "01:00–04:00",
    length: 60,
    expected: ["2025-10-04T14:30", "2025-10-04T15:30"],
  },
  {
    name: "Lord Howe spring-forward, window starting in the half-hour gap",
    zone: "Australia/Lord_Howe",
    date: "2025-10-05",
    hours: "02:10–03:00",
    length: 20,
    interval: 10,
    expected: ["2025-10-04T15:30", "2025-10-04T15:40"],
  },
  // Kolkata (+05:30) and Kathmandu (+05:45) keep their offsets while Europe changes.
  {
    name: "Kolkata, 45-minute slots on London's change day",
    zone: "Asia/Kolkata",
    date: "2025-03-30",
    hours: "09:00–12:00",
    length: 45,
    expected: ["2025-03-30T03:30", "2025-03-30T04:15", "2025-03-30T05:00", "2025-03-30T05:45"],
  },
  {
    name: "Kathmandu, hourly 30-minute slots",
    zone: "Asia/Kathmandu",
    date: "2025-03-30",
    hours: "09:00–11:00",
    length: 30,
    interval: 60,
    expected: ["2025-03-30T03:15", "2025-03-30T04:15"],
  },
  // Santiago changes at midnight: on 7 September 00:00 (−04) becomes 01:00 (−03), so the day opens at 01:00.
  {
    name: "Santiago spring-forward at midnight",
    zone: "America/Santiago",
    date: "2025-09-07",
    hours: "00:00–02:00",
    length: 60,
    expected: ["2025-09-07T04:00"],
  },
];

describe("slots on DST change days", () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(slotsOn(c)).toEqual(c.expected);
    });
  }
});

describe("a working week across the change", () => {
  const week = (input: { zone: string; from: string; to: string }) =>
    getAvailableSlots({
      schedulingType: "single",
      rules: rules({ length: 60 }),
      hosts: [
        {
          id: "host",
          schedule: {
            timeZone: input.zone,
            weekly: { 1: [{ startMinute: 540, endMinute: 600 }], 5: [{ startMinute: 540, endMinute: 600 }] },
          },
          busy: [],
          bookings: [],
        },
      ],
      window: { start: Date.parse(input.from), end: Date.parse(input.to) },
      now: 0,
    }).map((slot) => new Date(slot.start).toISOString().slice(0, 16));

  it("keeps 09:00 local in London while UTC moves by an hour", () => {
    expect(week({ zone: "Europe/London", from: "2025-10-20T00:00:00Z", to: "2025-11-01T00:00:00Z" })).toEqual([
      "2025-10-20T08:00",
      "2025-10-24T08:00",
      "2025-10-27T09:00",
      "2025-10-31T09:00",
    ]);
  });

  it("keeps 09:00 local in New York, a week later than Europe", () => {
    expect(week({ zone: "America/New_York", from: "2025-10-27T00:00:00Z", to: "2025-11-08T00:00:00Z" })).toEqual([
      "2025-10-27T13:00",
      "2025-10-31T13:00",
      "2025-11-03T14:00",
      "2025-11-07T14:00",
    ]);
  });

  it("keeps 09:00 local in Lord Howe across its half-hour change", () => {
    expect(week({ zone: "Australia/Lord_Howe", from: "2025-09-28T00:00:00Z", to: "2025-10-11T00:00:00Z" })).toEqual([
      "2025-09-28T22:30",
      "2025-10-02T22:30",
      "2025-10-05T22:00",
      "2025-10-09T22:00",
    ]);
  });
});
