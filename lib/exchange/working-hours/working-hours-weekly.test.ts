import { describe, expect, it } from "vitest";
import { toWeeklyWorkingHours } from "./working-hours-weekly";

const period = (DayOfWeek: string, start: number, end: number) => ({
  DayOfWeek,
  StartTimeInMinutes: String(start),
  EndTimeInMinutes: String(end),
});

const nineToFive = { startMinute: 540, endMinute: 1020 };

describe("toWeeklyWorkingHours", () => {
  it("turns Exchange's day lists into ISO weekdays, Monday 1 to Sunday 7", () => {
    expect(toWeeklyWorkingHours([period("Monday Tuesday Wednesday Thursday Friday", 540, 1020)])).toEqual({
      1: [nineToFive],
      2: [nineToFive],
      3: [nineToFive],
      4: [nineToFive],
      5: [nineToFive],
    });
    // Sunday to Thursday, as in the Gulf.
    expect(
      Object.keys(toWeeklyWorkingHours([period("Sunday Monday Tuesday Wednesday Thursday", 480, 1020)]) ?? {}),
    ).toEqual(["1", "2", "3", "4", "7"]);
    expect(toWeeklyWorkingHours([period("Weekday", 540, 1020)])).toEqual(
      toWeeklyWorkingHours([period("Monday Tuesday Wednesday Thursday Friday", 540, 1020)]),
    );
    expect(Object.keys(toWeeklyWorkingHours([period("WeekendDay", 600, 720)]) ?? {})).toEqual(["6", "7"]);
    expect(Object.keys(toWeeklyWorkingHours([period("Day", 0, 1440)]) ?? {})).toHaveLength(7);
    expect(toWeeklyWorkingHours([])).toEqual({});
  });

  it("splits a period that crosses midnight into the next day, Sunday into Monday", () => {
    expect(toWeeklyWorkingHours([period("Friday Sunday", 1320, 360)])).toEqual({
      5: [{ startMinute: 1320, endMinute: 1440 }],
      6: [{ startMinute: 0, endMinute: 360 }],
      7: [{ startMinute: 1320, endMinute: 1440 }],
      1: [{ startMinute: 0, endMinute: 360 }],
    });
    // Written as minutes past midnight of the start day, too.
    expect(toWeeklyWorkingHours([period("Tuesday", 1200, 1560)])).toEqual({
      2: [{ startMinute: 1200, endMinute: 1440 }],
      3: [{ startMinute: 0, endMinute: 120 }],
    });
    // Ending exactly at midnight stays on its day.
    expect(toWeeklyWorkingHours([period("Tuesday", 1200, 0)])).toEqual({ 2: [{ startMinute: 1200, endMinute: 1440 }] });
  });

  it("sorts and merges each day's windows, and drops periods with no length", () => {
    expect(
      toWeeklyWorkingHours([
        period("Monday", 780, 1020),
        period("Monday", 480, 720),
        period("Monday", 700, 800),
        period("Tuesday", 600, 600),
      ]),
    ).toEqual({ 1: [{ startMinute: 480, endMinute: 1020 }] });
    expect(toWeeklyWorkingHours([period("Monday", 480, 720), period("Monday", 780, 1020)])).toEqual({
      1: [
        { startMinute: 480, endMinute: 720 },
        { startMinute: 780, endMinute: 1020 },
      ],
    });
  });

  it("refuses what it cannot read rather than guess hours", () => {
    expect(toWeeklyWorkingHours([period("Mondays", 540, 1020)])).toBeUndefined();
    expect(toWeeklyWorkingHours([period("", 540, 1020)])).toBeUndefined();
    expect(toWeeklyWorkingHours([period("Monday", -60, 1020)])).toBeUndefined();
    expect(toWeeklyWorkingHours([period("Monday", 540, 5000)])).toBeUndefined();
    expect(
      toWeeklyWorkingHours([{ DayOfWeek: "Monday", StartTimeInMinutes: "9:00", EndTimeInMinutes: "1020" }]),
    ).toBeUndefined();
    expect(toWeeklyWorkingHours([{ DayOfWeek: "Monday", StartTimeInMinutes: "540" }])).toBeUndefined();
    expect(toWeeklyWorkingHours([period("constructor", 540, 1020)])).toBeUndefined();
  });
});
