import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ZONES } from "./test-helpers/arbitraries";
import { naiveInstantOfWallTime } from "./test-helpers/naive-engine";
import { createZoneClock, DAY_MS, dayOfIsoDate, isoWeekdayOf, MINUTE_MS } from "./zone-clock";

const at = (iso: string) => Date.parse(iso);
const wall = (localIso: string) => Date.parse(`${localIso}Z`);
const clockOf = (zone: string, around: string) =>
  createZoneClock({ zone, span: { start: at(around) - DAY_MS, end: at(around) + DAY_MS } });

describe("instantOfWallTime", () => {
  it("maps an ordinary time to its one instant, in whole-, half- and three-quarter-hour zones", () => {
    expect(clockOf("Asia/Kolkata", "2025-03-30T00:00:00Z").instantOfWallTime(wall("2025-03-30T09:00"))).toBe(
      at("2025-03-30T03:30:00Z"),
    );
    expect(clockOf("Asia/Kathmandu", "2025-03-30T00:00:00Z").instantOfWallTime(wall("2025-03-30T09:00"))).toBe(
      at("2025-03-30T03:15:00Z"),
    );
    expect(clockOf("Pacific/Chatham", "2025-06-30T00:00:00Z").instantOfWallTime(wall("2025-07-01T09:00"))).toBe(
      at("2025-06-30T20:15:00Z"),
    );
  });

  it("maps a time skipped by a forward jump to the jump", () => {
    const newYork = clockOf("America/New_York", "2025-03-09T07:00:00Z");
    expect(newYork.instantOfWallTime(wall("2025-03-09T02:00"))).toBe(at("2025-03-09T07:00:00Z"));
    expect(newYork.instantOfWallTime(wall("2025-03-09T02:30"))).toBe(at("2025-03-09T07:00:00Z"));
    expect(newYork.instantOfWallTime(wall("2025-03-09T03:00"))).toBe(at("2025-03-09T07:00:00Z"));
    const lordHowe = clockOf("Australia/Lord_Howe", "2025-10-04T15:30:00Z");
    expect(lordHowe.instantOfWallTime(wall("2025-10-05T02:10"))).toBe(at("2025-10-04T15:30:00Z"));
    // Chile moves its clocks at midnight: the day starts at 01:00.
    const santiago = clockOf("America/Santiago", "2025-09-07T04:00:00Z");
    expect(santiago.instantOfWallTime(wall("2025-09-07T00:00"))).toBe(at("2025-09-07T04:00:00Z"));
  });

  it("maps a time that happens twice to its first occurrence", () => {
    expect(clockOf("America/New_York", "2025-11-02T06:00:00Z").instantOfWallTime(wall("2025-11-02T01:30"))).toBe(
      at("2025-11-02T05:30:00Z"),
    );
    expect(clockOf("Europe/London", "2025-10-26T01:00:00Z").instantOfWallTime(wall("2025-10-26T01:30"))).toBe(
      at("2025-10-26T00:30:00Z"),
    );
    expect(clockOf("Australia/Lord_Howe", "2025-04-05T15:00:00Z").instantOfWallTime(wall("2025-04-06T01:45"))).toBe(
      at("2025-04-05T14:45:00Z"),
    );
  });

  it("agrees with a minute-by-minute scan near DST changes, and never decreases", () => {
    const changes = [
      "2025-03-09T07:00:00Z",
      "2025-03-30T01:00:00Z",
      "2025-04-05T15:00:00Z",
      "2025-04-05T16:00:00Z",
      "2025-09-07T04:00:00Z",
      "2025-10-04T15:30:00Z",
      "2025-10-26T01:00:00Z",
      "2025-11-02T06:00:00Z",
    ].map(at);
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom(...changes),
        fc.integer({ min: -2, max: 2 }),
        fc.integer({ min: 0, max: 1440 }),
        fc.integer({ min: 0, max: 180 }),
        (zone, change, dayShift, minute, later) => {
          const clock = createZoneClock({ zone, span: { start: change - DAY_MS, end: change + DAY_MS } });
          const date = new Date(change + dayShift * DAY_MS).toISOString().slice(0, 10);
          const wallTime = wall(`${date}T00:00`) + minute * MINUTE_MS;
          expect(clock.instantOfWallTime(wallTime)).toBe(naiveInstantOfWallTime({ zone, date, minute }));
          expect(clock.instantOfWallTime(wallTime + later * MINUTE_MS)).toBeGreaterThanOrEqual(
            clock.instantOfWallTime(wallTime),
          );
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe("offset tables kept between clocks", () => {
  it("answer for any span as a fresh read would, however spans overlap the blocks read before", () => {
    const year = { start: at("2025-01-01T00:00:00Z"), end: at("2026-01-01T00:00:00Z") };
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: 0, max: 364 }),
        fc.integer({ min: 1, max: 62 }),
        fc.integer({ min: 0, max: 62 * 1440 }),
        (zone, startDay, days, minuteIntoSpan) => {
          const start = year.start + startDay * DAY_MS;
          const clock = createZoneClock({ zone, span: { start, end: start + days * DAY_MS } });
          const offsetMinute = minuteIntoSpan % (days * 1440);
          const date = new Date(start + Math.floor(offsetMinute / 1440) * DAY_MS).toISOString().slice(0, 10);
          const minute = offsetMinute % 1440;
          expect(clock.instantOfWallTime(wall(`${date}T00:00`) + minute * MINUTE_MS)).toBe(
            naiveInstantOfWallTime({ zone, date, minute }),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("localDayOf and calendar helpers", () => {
  it("reads the local date in the zone, not the server's", () => {
    const clock = clockOf("Pacific/Chatham", "2025-06-30T12:00:00Z");
    expect(clock.localDayOf(at("2025-06-30T11:14:00Z"))).toBe(dayOfIsoDate("2025-06-30"));
    expect(clock.localDayOf(at("2025-06-30T11:15:00Z"))).toBe(dayOfIsoDate("2025-07-01"));
  });

  it("numbers ISO weekdays from Monday and refuses dates that do not exist", () => {
    expect(isoWeekdayOf(dayOfIsoDate("2025-03-31") as number)).toBe(1);
    expect(isoWeekdayOf(dayOfIsoDate("1969-12-28") as number)).toBe(7);
    expect(dayOfIsoDate("2025-02-29")).toBeUndefined();
    expect(dayOfIsoDate("2025-3-1")).toBeUndefined();
  });

  it("refuses an unknown zone", () => {
    expect(() => createZoneClock({ zone: "Mars/Olympus_Mons", span: { start: 0, end: DAY_MS } })).toThrow(
      /Unknown time zone/,
    );
  });
});
