import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  formatAppointment,
  formatLongDate,
  formatTime,
  lastDayOf,
  localDateOf,
  monthWeeks,
  slotsByDay,
} from "./calendar-dates";

// vitest runs in Asia/Kathmandu: nothing here may depend on the machine's own zone.

describe("plain dates", () => {
  it("adds days and months across month, year and DST boundaries", () => {
    expect(addDays({ date: "2026-03-28", days: 2 })).toBe("2026-03-30");
    expect(addDays({ date: "2026-12-31", days: 1 })).toBe("2027-01-01");
    expect(addDays({ date: "2026-03-01", days: -1 })).toBe("2026-02-28");
    expect(addMonths({ month: "2026-12", months: 1 })).toBe("2027-01");
    expect(addMonths({ month: "2026-01", months: -1 })).toBe("2025-12");
    expect(lastDayOf("2028-02")).toBe("2028-02-29");
  });

  it("lays a month out in Monday-first weeks with padding", () => {
    const weeks = monthWeeks("2026-12"); // 1 December 2026 is a Tuesday
    expect(weeks[0]).toEqual([
      null,
      "2026-12-01",
      "2026-12-02",
      "2026-12-03",
      "2026-12-04",
      "2026-12-05",
      "2026-12-06",
    ]);
    expect(weeks.at(-1)).toEqual(["2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31", null, null, null]);
    expect(weeks.flat().filter(Boolean)).toHaveLength(31);
    for (const week of weeks) expect(week).toHaveLength(7);
  });

  it("names a plain date without shifting it through any zone", () => {
    expect(formatLongDate({ date: "2026-12-01", locale: "en-GB" })).toBe("Tuesday, 1 December 2026");
  });
});

describe("instants in the customer's zone", () => {
  it("finds the local date on each side of the date line", () => {
    const instant = "2026-12-01T20:30:00Z";
    expect(localDateOf({ instant, timeZone: "America/Los_Angeles" })).toBe("2026-12-01");
    expect(localDateOf({ instant, timeZone: "Pacific/Auckland" })).toBe("2026-12-02");
    expect(localDateOf({ instant, timeZone: "Asia/Kathmandu" })).toBe("2026-12-02");
  });

  it("formats times in the zone asked for, half-hour offsets and DST included", () => {
    expect(formatTime({ instant: "2026-12-01T09:00:00Z", timeZone: "Asia/Kolkata", locale: "en-GB" })).toBe("14:30");
    // London's clocks went back on 25 October 2026: 09:00 UTC is 09:00 there in November, 10:00 in October.
    expect(formatTime({ instant: "2026-11-02T09:00:00Z", timeZone: "Europe/London", locale: "en-GB" })).toBe("9:00");
    expect(formatTime({ instant: "2026-10-20T09:00:00Z", timeZone: "Europe/London", locale: "en-GB" })).toBe("10:00");
  });

  it("groups slots by the local day they start on, in time order", () => {
    const slots = [
      { start: "2026-12-02T01:00:00Z", end: "2026-12-02T01:30:00Z" },
      { start: "2026-12-01T22:00:00Z", end: "2026-12-01T22:30:00Z" },
      { start: "2026-12-01T15:00:00Z", end: "2026-12-01T15:30:00Z" },
    ];
    const inNewYork = slotsByDay({ slots, timeZone: "America/New_York" });
    expect([...inNewYork.keys()]).toEqual(["2026-12-01"]);
    expect(inNewYork.get("2026-12-01")?.map((s) => s.start)).toEqual([
      "2026-12-01T15:00:00Z",
      "2026-12-01T22:00:00Z",
      "2026-12-02T01:00:00Z",
    ]);
    const inTokyo = slotsByDay({ slots, timeZone: "Asia/Tokyo" });
    expect([...inTokyo.keys()]).toEqual(["2026-12-02"]);
  });

  it("describes an appointment with its date, times and zone", () => {
    const text = formatAppointment({
      slot: { start: "2026-12-01T23:30:00Z", end: "2026-12-02T00:00:00Z" },
      timeZone: "America/New_York",
      locale: "en-US",
    });
    expect(text).toBe("Tuesday, December 1, 2026, 6:30 PM – 7:00 PM EST");
  });
});
